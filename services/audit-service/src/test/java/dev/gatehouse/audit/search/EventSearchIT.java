package dev.gatehouse.audit.search;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.OidcIssuer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.audit.AuditTestSupport.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search over events ingested through the real broker. Every name carries a per-run suffix so the
 * filters select exactly this class's events, whatever else the shared topic holds.
 */
@SpringBootTest(classes = AuditServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=audit-service")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventSearchIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PG = "pg-" + RUN;
    private static final String HTTP = "http-" + RUN;
    private static final String ALICE = "alice-" + RUN;
    private static final String BOB = "bob-" + RUN;
    private static final Instant BASE = Instant.parse("2030-01-01T00:00:00Z");

    private final List<AuditEvent> pgEvents = new ArrayList<>();
    private AuditEvent review;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    private SearchClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestSupport.register(registry, "audit_search_it");
    }

    @BeforeAll
    void ingestEvents() {
        client = new SearchClient(port);
        List<AuditEvent> all = new ArrayList<>();
        // Twelve events on one connection, two per minute: the pages cut through equal timestamps.
        for (int i = 0; i < 12; i++) {
            pgEvents.add(event("s1-" + RUN, i, BASE.plusSeconds(60L * (i / 2)), AuditEventKind.REQUEST, PG, ALICE,
                    Verdict.ALLOW));
        }
        all.addAll(pgEvents);
        for (int i = 0; i < 3; i++) {
            all.add(event("s2-" + RUN, i, BASE.plusSeconds(30L * i), AuditEventKind.DECISION, HTTP, BOB, Verdict.DENY));
        }
        review = event("s3-" + RUN, 0, BASE, AuditEventKind.APPROVAL_REQUESTED, HTTP, BOB, Verdict.REVIEW);
        all.add(review);
        try (KafkaProducer<String, String> producer = AuditTestSupport.producer()) {
            all.forEach(event -> AuditTestSupport.send(producer, event));
        }
        AuditTestSupport.await(Duration.ofSeconds(30), "16 events", () -> jdbc
                .sql("SELECT count(*) FROM events WHERE connection IN (:pg, :http)")
                .param("pg", PG).param("http", HTTP).query(Integer.class).single() == all.size());
    }

    @Test
    void filtersByConnection() {
        assertThat(ids(auditor("connection=" + PG + "&limit=500"))).hasSize(12);
        assertThat(ids(auditor("connection=" + HTTP))).hasSize(4);
    }

    @Test
    void filtersBySubjectVerdictKindAndSession() {
        assertThat(ids(auditor("subject=" + BOB))).hasSize(4);
        assertThat(ids(auditor("subject=" + BOB + "&verdict=DENY"))).hasSize(3);
        assertThat(ids(auditor("connection=" + HTTP + "&verdict=REVIEW"))).containsExactly(review.id().toString());
        assertThat(ids(auditor("connection=" + HTTP + "&kind=APPROVAL_REQUESTED")))
                .containsExactly(review.id().toString());
        assertThat(ids(auditor("sessionId=s2-" + RUN))).hasSize(3);
        assertThat(ids(auditor("connection=" + PG + "&verdict=DENY"))).isEmpty();
    }

    @Test
    void fromIsInclusiveAndToIsExclusive() {
        JsonNode page = auditor("connection=" + PG + "&from=" + BASE.plusSeconds(60) + "&to=" + BASE.plusSeconds(180));

        // minutes 1 and 2 (two events each); minute 3 equals "to" and is left out
        assertThat(ids(page)).containsExactlyInAnyOrderElementsOf(
                pgEvents.subList(2, 6).stream().map(event -> event.id().toString()).toList());
    }

    @Test
    void pagesNewestFirstWithoutDuplicatesOrGaps() {
        List<JsonNode> items = new ArrayList<>();
        JsonNode page = auditor("connection=" + PG + "&limit=5");
        items.addAll(page.get("items").valueStream().toList());
        JsonNode second = auditor("connection=" + PG + "&limit=5&cursor=" + page.get("next").asString());
        items.addAll(second.get("items").valueStream().toList());
        JsonNode third = auditor("connection=" + PG + "&limit=5&cursor=" + second.get("next").asString());
        items.addAll(third.get("items").valueStream().toList());

        assertThat(page.get("items").size()).isEqualTo(5);
        assertThat(second.get("items").size()).isEqualTo(5);
        assertThat(third.get("items").size()).isEqualTo(2);
        assertThat(third.get("next").isNull()).isTrue();
        List<String> ids = items.stream().map(item -> item.get("id").asString()).toList();
        assertThat(new HashSet<>(ids)).hasSize(12)
                .containsExactlyInAnyOrderElementsOf(pgEvents.stream().map(e -> e.id().toString()).toList());
        List<Instant> times = items.stream().map(item -> Instant.parse(item.get("occurredAt").asString())).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void returnsOneEventWithAllItsFields() {
        AuditEvent event = pgEvents.get(7);
        JsonNode item = client.get("/api/v1/events/" + event.id(), token("gatehouse-auditor")).json();

        assertThat(item.get("id").asString()).isEqualTo(event.id().toString());
        assertThat(item.get("sessionId").asString()).isEqualTo(event.sessionId());
        assertThat(item.get("seq").asLong()).isEqualTo(7);
        assertThat(item.get("kind").asString()).isEqualTo("REQUEST");
        assertThat(Instant.parse(item.get("occurredAt").asString())).isEqualTo(event.occurredAt());
        assertThat(item.get("connection").asString()).isEqualTo(PG);
        assertThat(item.get("protocol").asString()).isEqualTo("HTTP");
        assertThat(item.get("verdict").asString()).isEqualTo("ALLOW");
        assertThat(item.get("ruleId").asString()).isEqualTo("rule-7");
        assertThat(item.get("approvalId").isNull()).isTrue();
        assertThat(item.get("issuer").asString()).isEqualTo("https://token.actions.githubusercontent.com");
        assertThat(item.get("subject").asString()).isEqualTo(ALICE);
        assertThat(item.get("claims").get("repository").asString()).isEqualTo("acme/app");
        assertThat(item.get("claims").get("groups").isArray()).isTrue();
        assertThat(item.get("operation").get("path").asString()).isEqualTo("/items/7");
        assertThat(item.get("masking").get("aws-key").asInt()).isEqualTo(1);
        assertThat(item.get("payload").asString()).isEqualTo("{\"masked\":\"***\"}");
        assertThat(item.get("status").asInt()).isEqualTo(200);
        assertThat(item.get("durationMs").asLong()).isEqualTo(12);
    }

    @Test
    void unknownEventIsA404Problem() {
        SearchClient.Reply reply = client.get("/api/v1/events/" + UUID.randomUUID(), token("gatehouse-admin"));

        reply.assertProblem(404, ProblemTypes.NOT_FOUND);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "verdict=MAYBE; verdict",
            "kind=NOTHING; kind",
            "from=yesterday; from",
            "to=2030-13-01T00:00:00Z; to",
            "from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z; to",
            "limit=0; limit",
            "limit=501; limit",
            "limit=ten; limit",
            "cursor=%21%21%21; cursor",
            "cursor=aGVsbG8; cursor",
            "cursor=djF8eHx5fHo; cursor",
            "cursor=djF8OTk5OTk5OTk5OTk5OTk5OTk5OTk5fDB8YQ; cursor"})
    void badParameterIsA400ProblemNamingIt(String query, String parameter) {
        SearchClient.Reply reply = client.get("/api/v1/events?" + query, token("gatehouse-auditor"));

        reply.assertProblem(400, ProblemTypes.INVALID_REQUEST);
        assertThat(reply.json().get("detail").asString()).startsWith(parameter + ":");
    }

    @Test
    void badEventIdIsA400Problem() {
        client.get("/api/v1/events/not-a-uuid", token("gatehouse-auditor")).assertProblem(400, ProblemTypes.INVALID_REQUEST);
    }

    @Test
    void refusesCallersWithoutTheAuditRole() {
        OidcIssuer oidc = OidcIssuer.shared();
        client.get("/api/v1/events", null).assertProblem(401, ProblemTypes.UNAUTHORIZED);
        client.get("/api/v1/events", oidc.ciToken("repo:acme/app", Map.of("groups", List.of("gatehouse-auditor"))))
                .assertProblem(401, ProblemTypes.UNAUTHORIZED);
        client.get("/api/v1/events", token("gatehouse-proxy")).assertProblem(403, ProblemTypes.FORBIDDEN);
        client.get("/api/v1/events/" + review.id(), token("gatehouse-reviewer")).assertProblem(403, ProblemTypes.FORBIDDEN);
    }

    @Test
    void letsAuditorsAndAdminsSearch() {
        assertThat(client.get("/api/v1/events?connection=" + HTTP, token("gatehouse-auditor")).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/events?connection=" + HTTP, token("gatehouse-admin")).status()).isEqualTo(200);
    }

    private JsonNode auditor(String query) {
        SearchClient.Reply reply = client.get("/api/v1/events?" + query.replace(":", URLEncoder.encode(":",
                StandardCharsets.UTF_8)), token("gatehouse-auditor"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }

    private static String token(String group) {
        return OidcIssuer.shared().internalToken("carol", group);
    }
}
