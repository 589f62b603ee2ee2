package dev.gatehouse.audit.search;

import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.audit.retention.PayloadRetention;
import dev.gatehouse.ledger.Rfc6962;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.OidcIssuer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8 part B through the real broker, database and IdP: the added search filters, session replay,
 * payload retention and JSONL export. Names carry a per-run suffix so filters select only this class's events.
 */
@SpringBootTest(classes = AuditServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=audit-service", "gatehouse.audit.retention.enabled=false",
                "gatehouse.audit.checkpoint.every=1s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PG = "pg-" + RUN;
    private static final String WEB = "web-" + RUN;
    private static final String SHORT = "short-" + RUN;
    private static final String LONG = "long-" + RUN;
    private static final String REPO = "acme/app-" + RUN;
    private static final Instant BASE = Instant.parse("2031-03-01T00:00:00Z");
    private static final Instant OLD = Instant.parse("2020-01-01T00:00:00Z");

    private final List<AuditEvent> all = new ArrayList<>();
    private AuditEvent sqlEvent;
    private AuditEvent approvalEvent;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PayloadRetention retention;

    @LocalServerPort
    int port;

    private SearchClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestSupport.register(registry, "audit_trail_it");
        registry.add("gatehouse.audit.retention.default-days", () -> "30");
        registry.add("gatehouse.audit.retention.connections[" + SHORT + "]", () -> "7");
    }

    @BeforeAll
    void ingest() {
        client = new SearchClient(port);
        for (int i = 0; i < 9; i++) {
            all.add(event("web-s-" + RUN, i, BASE.plusSeconds(i / 3), WEB, Protocol.HTTP, REPO, "run-" + (i % 3),
                    "GET /orders/" + i + " status shipped", null));
        }
        sqlEvent = event("pg-s-" + RUN, 0, BASE.plusSeconds(5), PG, Protocol.POSTGRES, "other/repo-" + RUN, "run-9",
                "SELECT * FROM invoices WHERE customer = 'zebracorn'", null);
        approvalEvent = event("pg-s-" + RUN, 1, BASE.plusSeconds(6), PG, Protocol.POSTGRES, "other/repo-" + RUN,
                "run-9", "DROP TABLE invoices", "appr-" + RUN);
        all.add(sqlEvent);
        all.add(approvalEvent);
        all.addAll(session());
        all.addAll(retentionEvents());
        try (KafkaProducer<String, String> producer = AuditTestSupport.producer()) {
            all.forEach(event -> AuditTestSupport.send(producer, event));
        }
        AuditTestSupport.await(Duration.ofSeconds(60), all.size() + " events", () -> jdbc
                .sql("SELECT count(*) FROM events WHERE connection IN (:c)")
                .param("c", List.of(PG, WEB, SHORT, LONG, "replay-conn-" + RUN)).query(Integer.class).single() == all.size());
    }

    // ---- search -------------------------------------------------------------------------------------

    @Test
    void filtersByAnyStoredClaim() {
        assertThat(ids("claim.repository=" + REPO + "&limit=500")).hasSize(9);
        assertThat(ids("claim.repository=" + REPO + "&claim.run_id=run-1")).hasSize(3);
        assertThat(ids("claim.run_id=run-9&connection=" + PG)).hasSize(2);
        // a list-valued claim matches any of its elements
        assertThat(ids("claim.groups=deploy-" + RUN + "&connection=" + PG)).hasSize(2);
        assertThat(ids("claim.repository=nobody/" + RUN)).isEmpty();
    }

    @Test
    void filtersByProtocolRuleApprovalLeaseAndPolicyVersion() {
        assertThat(ids("connection=" + PG + "&protocol=POSTGRES")).hasSize(2);
        assertThat(ids("connection=" + PG + "&protocol=HTTP")).isEmpty();
        assertThat(ids("connection=" + WEB + "&ruleId=rule-4")).hasSize(1);
        assertThat(ids("approvalId=appr-" + RUN)).containsExactly(approvalEvent.id().toString());
        assertThat(ids("leaseId=lease-" + RUN + "-3")).hasSize(1);
        assertThat(ids("connection=" + WEB + "&policyVersion=7")).hasSize(9);
        assertThat(ids("connection=" + WEB + "&policyVersion=8")).isEmpty();
    }

    @Test
    void searchesTheMaskedPayloadsFullText() {
        assertThat(ids("q=zebracorn")).containsExactly(sqlEvent.id().toString());
        assertThat(ids("q=" + enc("invoices zebracorn"))).containsExactly(sqlEvent.id().toString());
        assertThat(ids("q=shipped&connection=" + WEB)).hasSize(9);
        assertThat(ids("q=" + enc("shipped -status") + "&connection=" + WEB)).isEmpty();
    }

    @Test
    void pagesOldestFirstStablyWhileNewEventsArrive() {
        JsonNode first = page("connection=" + WEB + "&order=asc&limit=4");
        // A newer event arriving between pages must neither shift nor repeat what follows.
        jdbc.sql("INSERT INTO events (id, session_id, seq, occurred_at, kind, connection) VALUES (:id, 'x', 0, :at, 'REQUEST', :c)")
                .param("id", Ids.uuidV7()).param("at", java.sql.Timestamp.from(BASE.minusSeconds(60))).param("c", WEB).update();
        JsonNode second = page("connection=" + WEB + "&order=asc&limit=4&cursor=" + first.get("next").asString());
        JsonNode third = page("connection=" + WEB + "&order=asc&limit=4&cursor=" + second.get("next").asString());

        List<String> seen = new ArrayList<>();
        for (JsonNode page : List.of(first, second, third)) {
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
        }
        assertThat(seen).containsExactlyElementsOf(all.subList(0, 9).stream()
                .sorted((a, b) -> a.occurredAt().equals(b.occurredAt()) ? a.id().compareTo(b.id())
                        : a.occurredAt().compareTo(b.occurredAt()))
                .map(e -> e.id().toString()).toList());
        assertThat(third.get("next").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"protocol=FTP;protocol", "policyVersion=-1;policyVersion", "policyVersion=x;policyVersion",
            "order=sideways;order", "claim.=x;claim.", "claim.a%20b=x;claim.a b", "claim.repository=;claim.repository"})
    void badNewParameterIsA400ProblemNamingIt(String spec) {
        String[] parts = spec.split(";");
        SearchClient.Reply reply = client.get("/api/v1/events?" + parts[0], token("gatehouse-auditor"));

        reply.assertProblem(400, ProblemTypes.INVALID_REQUEST);
        assertThat(reply.json().get("detail").asString()).startsWith(parts[1] + ":");
    }

    @Test
    void tooLongFullTextIsA400Problem() {
        SearchClient.Reply reply = client.get("/api/v1/events?q=" + "a".repeat(201), token("gatehouse-auditor"));
        reply.assertProblem(400, ProblemTypes.INVALID_REQUEST);
        assertThat(reply.json().get("detail").asString()).startsWith("q:");
    }

    // ---- session replay -----------------------------------------------------------------------------

    @Test
    void replaysASessionInOrderWithTimings() {
        SearchClient.Reply reply = client.get("/api/v1/sessions/replay-" + RUN, token("gatehouse-auditor"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode replay = reply.json();

        assertThat(replay.get("eventCount").asInt()).isEqualTo(5);
        assertThat(replay.get("truncated").asBoolean()).isFalse();
        assertThat(replay.get("durationMs").asLong()).isEqualTo(2100);
        List<String> kinds = replay.get("steps").valueStream().map(s -> s.get("event").get("kind").asString()).toList();
        assertThat(kinds).containsExactly("REQUEST", "DECISION", "APPROVAL_REQUESTED", "APPROVAL_DECIDED", "RESPONSE");
        List<Long> offsets = replay.get("steps").valueStream().map(s -> s.get("offsetMs").asLong()).toList();
        assertThat(offsets).containsExactly(0L, 5L, 10L, 2010L, 2100L);
        JsonNode decided = replay.get("steps").get(3);
        assertThat(decided.get("waitedMs").asLong()).isEqualTo(2000);
        assertThat(decided.get("sincePreviousMs").asLong()).isEqualTo(2000);
        assertThat(replay.get("steps").get(4).get("durationMs").asLong()).isEqualTo(2095);
    }

    @Test
    void unknownSessionIsA404Problem() {
        client.get("/api/v1/sessions/none-" + RUN, token("gatehouse-admin")).assertProblem(404, ProblemTypes.NOT_FOUND);
    }

    // ---- retention ----------------------------------------------------------------------------------

    @Test
    void retentionNullsOnlyExpiredPayloadsOfTheRightConnection() {
        Map<String, String> before = snapshot();

        retention.purge(OLD.plus(Duration.ofDays(15)));
        assertThat(payloadGone()).containsExactlyInAnyOrder(SHORT + "-0");

        retention.purge(OLD.plus(Duration.ofDays(35)));
        assertThat(payloadGone()).containsExactlyInAnyOrder(SHORT + "-0", SHORT + "-10", LONG + "-0");
        // every row is still there and every column other than payload is unchanged
        assertThat(snapshot()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE connection IN (:c) AND payload IS NULL "
                        + "AND payload_deleted_at IS NULL").param("c", List.of(SHORT, LONG)).query(Integer.class).single())
                .isZero();
    }

    // ---- export -------------------------------------------------------------------------------------

    @Test
    void exportsJsonLinesOldestFirst() {
        AuditTestSupport.await(Duration.ofSeconds(30), "a checkpoint covering the exported events", () -> jdbc
                .sql("SELECT coalesce((SELECT max(tree_size) FROM checkpoints), 0) > "
                        + "(SELECT max(leaf_index) FROM events WHERE connection = :c AND leaf_index IS NOT NULL)")
                .param("c", WEB).query(Boolean.class).single());
        SearchClient.Reply reply = client.get("/api/v1/export?from=" + enc(BASE.toString()) + "&to="
                + enc(BASE.plusSeconds(7).toString()) + "&connection=" + WEB, token("gatehouse-auditor"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/jsonl");
        List<JsonNode> lines = reply.body().lines().map(AuditTestSupport.JSON::readTree).toList();
        assertThat(lines).hasSize(9);
        assertThat(lines).allSatisfy(line -> assertThat(line.get("connection").asString()).isEqualTo(WEB));
        List<Instant> times = lines.stream().map(l -> Instant.parse(l.get("occurredAt").asString())).toList();
        assertThat(times).isSorted();
        assertThat(lines).allSatisfy(this::assertProofVerifies);
    }

    /** Each line's inclusion proof leads from its Merkle leaf to the root of the checkpoint it names. */
    private void assertProofVerifies(JsonNode line) {
        long index = line.get("leafIndex").asLong();
        long size = line.get("proof").get("treeSize").asLong();
        byte[] leaf = jdbc.sql("SELECT leaf_hash FROM merkle_leaves WHERE leaf_index = :i").param("i", index)
                .query(byte[].class).single();
        byte[] root = jdbc.sql("SELECT root_hash FROM checkpoints WHERE tree_size = :s").param("s", size)
                .query(byte[].class).single();
        List<byte[]> path = line.get("proof").get("auditPath").valueStream()
                .map(hash -> java.util.Base64.getDecoder().decode(hash.asString())).toList();
        assertThat(dev.gatehouse.ledger.Rfc6962.verifyInclusion(index, size, leaf, path, root)).isTrue();
    }

    @Test
    void exportNeedsAValidRange() {
        client.get("/api/v1/export?to=" + enc(BASE.toString()), token("gatehouse-auditor"))
                .assertProblem(400, ProblemTypes.INVALID_REQUEST);
        SearchClient.Reply reply = client.get("/api/v1/export?from=" + enc(BASE.toString()) + "&to="
                + enc(BASE.toString()), token("gatehouse-auditor"));
        reply.assertProblem(400, ProblemTypes.INVALID_REQUEST);
        assertThat(reply.json().get("detail").asString()).startsWith("to:");
    }

    // ---- security -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/sessions/replay-x", "/api/v1/export?from=2031-01-01T00:00:00Z&to=2032-01-01T00:00:00Z",
            "/api/v1/events?claim.repository=acme/app"})
    void refusesCallersWithoutTheAuditRole(String path) {
        client.get(path, null).assertProblem(401, ProblemTypes.UNAUTHORIZED);
        client.get(path, OidcIssuer.shared().ciToken("repo:acme/app", Map.of("groups", List.of("gatehouse-auditor"))))
                .assertProblem(401, ProblemTypes.UNAUTHORIZED);
        client.get(path, token("gatehouse-proxy")).assertProblem(403, ProblemTypes.FORBIDDEN);
    }

    @Test
    void letsAdminsExport() {
        assertThat(client.get("/api/v1/export?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z",
                token("gatehouse-admin")).status()).isEqualTo(200);
    }

    // ---- fixtures -----------------------------------------------------------------------------------

    private static AuditEvent event(String session, long seq, Instant at, String connection, Protocol protocol,
                                    String repository, String runId, String payload, String approvalId) {
        CallerIdentity identity = new CallerIdentity("https://token.actions.githubusercontent.com",
                "repo:" + repository + ":ref:refs/heads/main",
                Map.of("repository", repository, "run_id", runId, "groups", List.of("ci", "deploy-" + RUN)));
        Operation operation = protocol == Protocol.POSTGRES ? Operation.sql(connection, payload)
                : Operation.http(connection, "GET", "/orders/" + seq, null);
        return new AuditEvent(Ids.uuidV7(), session, seq, at, AuditEventKind.REQUEST, identity, connection, protocol,
                operation, approvalId == null ? Verdict.ALLOW : Verdict.REVIEW, "rule-" + seq, approvalId,
                Map.of(), payload, 200, 3L, 7L, "lease-" + RUN + "-" + seq);
    }

    private List<AuditEvent> session() {
        String id = "replay-" + RUN;
        Instant t0 = BASE.plusSeconds(3600);
        List<AuditEvent> events = new ArrayList<>();
        events.add(step(id, 0, t0, AuditEventKind.REQUEST, null, null));
        events.add(step(id, 1, t0.plusMillis(5), AuditEventKind.DECISION, null, null));
        events.add(step(id, 2, t0.plusMillis(10), AuditEventKind.APPROVAL_REQUESTED, "ap-" + RUN, null));
        events.add(step(id, 3, t0.plusMillis(2010), AuditEventKind.APPROVAL_DECIDED, "ap-" + RUN, null));
        events.add(step(id, 4, t0.plusMillis(2100), AuditEventKind.RESPONSE, null, 2095L));
        return events;
    }

    private static AuditEvent step(String session, long seq, Instant at, AuditEventKind kind, String approvalId,
                                   Long durationMs) {
        return new AuditEvent(Ids.uuidV7(), session, seq, at, kind, null, "replay-conn-" + RUN, Protocol.HTTP, null,
                Verdict.REVIEW, "needs-approval", approvalId, Map.of(), "{}", 200, durationMs, 7L, null);
    }

    private List<AuditEvent> retentionEvents() {
        List<AuditEvent> events = new ArrayList<>();
        for (String connection : List.of(SHORT, LONG)) {
            for (int day : List.of(0, 10)) {
                events.add(new AuditEvent(Ids.uuidV7(), "ret-" + connection, day, OLD.plus(Duration.ofDays(day)),
                        AuditEventKind.RESPONSE, null, connection, Protocol.HTTP, null, Verdict.ALLOW, "r", null,
                        Map.of(), "payload " + connection + " day " + day, 200, 1L, 7L, null));
            }
        }
        return events;
    }

    private List<String> payloadGone() {
        return jdbc.sql("SELECT connection || '-' || seq FROM events WHERE connection IN (:c) AND payload IS NULL")
                .param("c", List.of(SHORT, LONG)).query(String.class).list();
    }

    /** Every column except payload, payload_tsv and payload_deleted_at, per row. */
    private Map<String, String> snapshot() {
        Map<String, String> rows = new java.util.TreeMap<>();
        jdbc.sql("SELECT id::text, row_to_json(e)::jsonb - 'payload' - 'payload_tsv' - 'payload_deleted_at' AS rest "
                        + "FROM events e WHERE connection IN (:c)").param("c", List.of(SHORT, LONG))
                .query((rs, n) -> rows.put(rs.getString(1), rs.getString(2))).list();
        return rows;
    }

    private List<String> ids(String query) {
        return page(query).get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }

    private JsonNode page(String query) {
        SearchClient.Reply reply = client.get("/api/v1/events?" + query, token("gatehouse-auditor"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String token(String group) {
        return OidcIssuer.shared().internalToken("carol", group);
    }
}
