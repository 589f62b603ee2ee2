package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.ledger.Rfc6962;
import dev.gatehouse.ledger.SignedNote;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.OidcIssuer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.gatehouse.audit.AuditTestSupport.await;
import static dev.gatehouse.audit.AuditTestSupport.event;
import static dev.gatehouse.audit.AuditTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = AuditServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=audit-service", "gatehouse.audit.checkpoint.every=200ms",
                "gatehouse.audit.checkpoint.every-events=7", "gatehouse.audit.checkpoint.origin=test.gatehouse.dev/audit"})
class CheckpointApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final KafkaProducer<String, String> producer = AuditTestSupport.producer();
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestSupport.register(registry, "audit_checkpoint_it");
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void consistencyHoldsAcrossTenCheckpointsWhileEventsArrive() throws Exception {
        String key = get("/api/v1/checkpoints/public-key", auditor()).json().path("verifierKey").asString();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sender = Thread.ofVirtual().start(() -> {
            String session = "s-" + UUID.randomUUID();
            for (int seq = 1; running.get(); seq++) {
                send(producer, event(session, seq, Instant.now(), AuditEventKind.REQUEST, "demo-http", "c", Verdict.ALLOW));
            }
        });
        List<SignedNote.Checkpoint> seen = new ArrayList<>();
        try {
            await(TIMEOUT, "10 checkpoints", () -> {
                Reply latest = get("/api/v1/checkpoints/latest", auditor());
                if (latest.status() == 200) {
                    SignedNote.Checkpoint checkpoint = SignedNote.verify(latest.json().path("note").asString(), key);
                    if (seen.isEmpty() || seen.getLast().size() < checkpoint.size()) {
                        seen.add(checkpoint);
                    }
                }
                return seen.size() >= 10;
            });
        } finally {
            running.set(false);
            sender.join();
        }
        for (int i = 1; i < seen.size(); i++) {
            SignedNote.Checkpoint a = seen.get(i - 1);
            SignedNote.Checkpoint b = seen.get(i);
            JsonNode proof = get("/api/v1/checkpoints/consistency?from=" + a.size() + "&to=" + b.size(), auditor()).json();
            List<byte[]> path = proof.path("proof").valueStream().map(n -> Base64.getDecoder().decode(n.asString())).toList();
            assertThat(Rfc6962.verifyConsistency(a.size(), b.size(), a.rootHash(), b.rootHash(), path))
                    .as("%d -> %d", a.size(), b.size()).isTrue();
            assertThat(Rfc6962.verifyConsistency(a.size(), b.size(), b.rootHash(), b.rootHash(), path)).isFalse();
        }
        // Non-adjacent pairs too: the first against the last.
        JsonNode proof = get("/api/v1/checkpoints/consistency?from=" + seen.getFirst().size() + "&to="
                + seen.getLast().size(), auditor()).json();
        assertThat(Rfc6962.verifyConsistency(seen.getFirst().size(), seen.getLast().size(), seen.getFirst().rootHash(),
                seen.getLast().rootHash(), proof.path("proof").valueStream()
                        .map(n -> Base64.getDecoder().decode(n.asString())).toList())).isTrue();
    }

    @Test
    void aReceiptResolvesToItsInclusionProofAndChainLink() {
        String session = "s-" + UUID.randomUUID();
        AuditEvent first = event(session, 1, Instant.now(), AuditEventKind.REQUEST, "demo-http", "p", Verdict.ALLOW);
        AuditEvent second = event(session, 2, Instant.now(), AuditEventKind.RESPONSE, "demo-http", "p", Verdict.ALLOW);
        send(producer, first);
        send(producer, second);
        await(TIMEOUT, "proof of " + second.id(),
                () -> get("/api/v1/events/" + second.id() + "/proof", auditor()).status() == 200);

        String key = get("/api/v1/checkpoints/public-key", auditor()).json().path("verifierKey").asString();
        JsonNode one = get("/api/v1/events/" + first.id() + "/proof", auditor()).json();
        JsonNode two = get("/api/v1/events/" + second.id() + "/proof", auditor()).json();
        SignedNote.Checkpoint checkpoint = SignedNote.verify(two.path("checkpoint").asString(), key);
        assertThat(checkpoint.origin()).isEqualTo("test.gatehouse.dev/audit");
        assertThat(two.path("treeSize").asLong()).isEqualTo(checkpoint.size());
        assertThat(two.path("sessionId").asString()).isEqualTo(session);
        assertThat(two.path("prevHash").asString()).isEqualTo(one.path("chainHash").asString());
        assertThat(one.path("prevHash").isNull()).isTrue();

        byte[] payloadHash = b64(two.path("payloadHash"));
        assertThat(LeafHash.payloadHash(b64(two.path("payloadSalt")), two.path("payload").asString()))
                .isEqualTo(payloadHash);
        byte[] leaf = LeafHash.leafHash((ObjectNode) two.path("event"), payloadHash, b64(two.path("prevHash")));
        assertThat(leaf).isEqualTo(b64(two.path("chainHash")));
        List<byte[]> path = two.path("auditPath").valueStream().map(CheckpointApiIT::b64).toList();
        assertThat(Rfc6962.verifyInclusion(two.path("leafIndex").asLong(), checkpoint.size(), leaf, path,
                checkpoint.rootHash())).isTrue();
        assertThat(two.path("event").has("payload")).isFalse();
    }

    @Test
    void theProxyGetsAReceiptOnlyForTheCallerItNames() {
        AuditEvent mine = event("s-" + UUID.randomUUID(), 1, Instant.now(), AuditEventKind.REQUEST, "demo-http",
                "repo:acme/app", Verdict.ALLOW);
        send(producer, mine);
        String proxy = OidcIssuer.shared().internalToken("gatehouse-edge-proxy", "gatehouse-proxy");
        String owner = "?issuer=https://token.actions.githubusercontent.com&subject=repo:acme/app";
        await(TIMEOUT, "receipt of " + mine.id(),
                () -> get("/api/v1/receipts/" + mine.id() + owner, proxy).status() == 200);
        assertThat(get("/api/v1/receipts/" + mine.id() + owner, proxy).json().path("event").path("id").asString())
                .isEqualTo(mine.id().toString());
        for (String other : List.of("?issuer=https://token.actions.githubusercontent.com&subject=repo:evil/fork",
                "?issuer=https://gitlab.example.com&subject=repo:acme/app")) {
            Reply refused = get("/api/v1/receipts/" + mine.id() + other, proxy);
            assertThat(refused.status()).as(other).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("auditPath").doesNotContain("acme/app\"");
        }
        JsonNode events = get("/api/v1/receipts" + owner + "&from=2020-01-01T00:00:00Z", proxy).json();
        assertThat(events.path("items").valueStream().map(e -> e.path("id").asString())).contains(mine.id().toString());
        assertThat(events.path("items").get(0).has("payload")).isFalse();
    }

    @Test
    void servesTheLatestNoteAsTextOrJson() {
        send(producer, event("s-" + UUID.randomUUID(), 1, Instant.now(), AuditEventKind.REQUEST, "demo-http", "t",
                Verdict.ALLOW));
        await(TIMEOUT, "a checkpoint", () -> get("/api/v1/checkpoints/latest", auditor()).status() == 200);
        Reply text = get("/api/v1/checkpoints/latest", auditor(), "text/plain");
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.body()).startsWith("test.gatehouse.dev/audit\n").contains("\n\n\u2014 test.gatehouse.dev/audit ");
        JsonNode json = get("/api/v1/checkpoints/latest", admin()).json();
        assertThat(json.path("size").asLong()).isPositive();
        assertThat(json.path("note").asString()).contains(json.path("rootHash").asString());
        JsonNode key = get("/api/v1/checkpoints/public-key", auditor()).json();
        assertThat(key.path("algorithm").asString()).isEqualTo("Ed25519");
        assertThat(key.path("publicKey").asString()).hasSize(44);
    }

    @Test
    void rejectsBadRequestsAsProblems() {
        get("/api/v1/events/not-a-uuid/proof", auditor()).assertProblem(400, ProblemTypes.INVALID_REQUEST, "id");
        get("/api/v1/events/" + UUID.randomUUID() + "/proof", auditor()).assertProblem(404, ProblemTypes.NOT_FOUND, "");
        get("/api/v1/checkpoints/consistency?from=x&to=1", auditor()).assertProblem(400, ProblemTypes.INVALID_REQUEST, "from");
        get("/api/v1/checkpoints/consistency?from=5&to=1", auditor()).assertProblem(400, ProblemTypes.INVALID_REQUEST, "to");
        get("/api/v1/checkpoints/consistency?from=0&to=999999999", auditor()).assertProblem(404, ProblemTypes.NOT_FOUND, "");
        get("/api/v1/ledger/entries?limit=0", auditor()).assertProblem(400, ProblemTypes.INVALID_REQUEST, "limit");
    }

    @Test
    void onlyAuditorsAndAdminsMayReadProofs() {
        String agent = OidcIssuer.shared().ciToken("repo:acme/app", Map.of("groups", List.of("gatehouse-auditor")));
        String proxy = OidcIssuer.shared().internalToken("pat", "gatehouse-proxy");
        for (String path : List.of("/api/v1/checkpoints/latest", "/api/v1/checkpoints/public-key",
                "/api/v1/events/" + UUID.randomUUID() + "/proof", "/api/v1/checkpoints/consistency?from=0&to=0",
                "/api/v1/ledger/entries", "/api/v1/receipts/" + UUID.randomUUID() + "?issuer=i&subject=s")) {
            get(path, null).assertProblem(401, ProblemTypes.UNAUTHORIZED, "");
            get(path, agent).assertProblem(401, ProblemTypes.UNAUTHORIZED, "");
        }
        // the proxy reads any caller's receipt only by naming that caller (ReceiptController), and the key and
        // consistency proofs, which hold no caller data; never whole events, proofs or the log
        for (String path : List.of("/api/v1/checkpoints/latest", "/api/v1/events/" + UUID.randomUUID() + "/proof",
                "/api/v1/ledger/entries")) {
            get(path, proxy).assertProblem(403, ProblemTypes.FORBIDDEN, "");
        }
        assertThat(get("/api/v1/checkpoints/public-key", proxy).status()).isEqualTo(200);
        get("/api/v1/receipts/" + UUID.randomUUID() + "?issuer=i&subject=s", auditor())
                .assertProblem(403, ProblemTypes.FORBIDDEN, "");
        get("/api/v1/receipts/" + UUID.randomUUID(), proxy).assertProblem(400, ProblemTypes.INVALID_REQUEST, "issuer");
    }

    private static String auditor() {
        return OidcIssuer.shared().internalToken("auditor", "gatehouse-auditor");
    }

    private static String admin() {
        return OidcIssuer.shared().internalToken("root", "gatehouse-admin");
    }

    private static byte[] b64(JsonNode node) {
        return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asString());
    }

    private Reply get(String path, String token) {
        return get(path, token, "application/json");
    }

    private Reply get(String path, String token, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, String contentType, String body) {

        JsonNode json() {
            return AuditTestSupport.JSON.readTree(body);
        }

        void assertProblem(int expected, URI type, String field) {
            assertThat(status).as(body).isEqualTo(expected);
            assertThat(contentType).startsWith("application/problem+json");
            assertThat(json().path("type").asString()).isEqualTo(type.toString());
            assertThat(json().path("detail").asString("")).startsWith(field);
        }
    }
}
