package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.proxy.approval.FakeApprovalService;
import dev.gatehouse.proxy.audit.AuditSpool;
import dev.gatehouse.proxy.support.StubHttpServer;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A broker of its own, stopped mid-test: write-ahead audit must then refuse to forward. */
@SpringBootTest(classes = EdgeProxyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=edge-proxy", "gatehouse.proxy.audit.ack-timeout=3s"})
@DirtiesContext
class KafkaDownIT {

    private static final OidcIssuer OIDC = OidcIssuer.shared();
    private static final KafkaFixture KAFKA = KafkaFixture.dedicated();
    private static final StubHttpServer POLICY = new StubHttpServer();
    private static final StubHttpServer VAULT = new StubHttpServer();
    private static final StubHttpServer TARGET = new StubHttpServer();
    private static final FakeApprovalService APPROVALS = new FakeApprovalService();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.proxy.trust.issuers[0].issuer", () -> OIDC.issuerUrl(OidcIssuer.CI));
        registry.add("gatehouse.proxy.policy.url", POLICY::url);
        registry.add("gatehouse.proxy.vault.url", VAULT::url);
        registry.add("gatehouse.proxy.approval.url", APPROVALS::url);
        registry.add("spring.security.oauth2.client.provider.gatehouse.token-uri",
                () -> OIDC.tokenEndpoint(OidcIssuer.INTERNAL));
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("gatehouse.proxy.audit.spool-dir", () -> SPOOL.toString());
        registry.add("gatehouse.proxy.audit.decision-ack-timeout", () -> "1s");
        // The stub policy changes its answer for the same request mid-test.
        registry.add("gatehouse.proxy.policy.cache.enabled", () -> "false");
    }

    private static final java.nio.file.Path SPOOL = tempDir();

    @org.springframework.beans.factory.annotation.Autowired
    AuditSpool spool;

    private static java.nio.file.Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("kafka-down-spool");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopStubs() {
        POLICY.close();
        VAULT.close();
        TARGET.close();
        APPROVALS.close();
        KAFKA.close();
    }

    @Test
    void withKafkaStoppedAllowedRequestsAre503AndNeverReachTheTarget() throws Exception {
        POLICY.respond(200, "{\"verdict\":\"ALLOW\",\"ruleId\":\"r\",\"target\":{\"name\":\"echo\",\"protocol\":\"HTTP\","
                + "\"upstream\":\"" + TARGET.url() + "\"}}");
        VAULT.respond(200, "{\"leaseId\":\"l\",\"connection\":\"echo\",\"credential\":{\"type\":\"BEARER\","
                + "\"secret\":\"s3cr3t\"},\"expiresAt\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        TARGET.respond(200, "{}");
        assertThat(get().statusCode()).as("with the broker up").isEqualTo(200);
        int before = TARGET.count();

        KAFKA.close();
        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/unavailable\"");
        assertThat(response.headers().firstValue("Gatehouse-Audit-Id")).isEmpty();
        assertThat(TARGET.count()).isEqualTo(before);
        // Its REQUEST may have reached the broker before it stopped answering: the step is recorded as not
        // run (a DECISION, status 503), spooled once the producer gives up on Kafka (docs/architecture.md §4.2).
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(spool.pendingEvents()).isEqualTo(1));
        assertThat(java.nio.file.Files.readString(SPOOL.resolve("pending.jsonl")))
                .contains("\"kind\":\"DECISION\"").contains("\"verdict\":\"ALLOW\"").contains("\"status\":503")
                .doesNotContain("s3cr3t");

        POLICY.respond(200, "{\"verdict\":\"DENY\",\"ruleId\":\"no-deletes\"}");
        HttpResponse<String> denied = get();

        assertThat(denied.statusCode()).as("a refusal goes out without Kafka").isEqualTo(403);
        assertThat(spool.pendingEvents()).as("and its DECISION event waits on disk, not lost").isEqualTo(2);
        assertThat(java.nio.file.Files.readString(SPOOL.resolve("pending.jsonl")))
                .contains("\"kind\":\"DECISION\"").contains("no-deletes").doesNotContain("s3cr3t");
        assertThat(TARGET.count()).isEqualTo(before);

        POLICY.respond(200, "{\"verdict\":\"REVIEW\",\"ruleId\":\"needs-review\",\"target\":{\"name\":\"echo\","
                + "\"protocol\":\"HTTP\",\"upstream\":\"" + TARGET.url() + "\"}}");
        HttpResponse<String> reviewed = get();

        assertThat(reviewed.statusCode()).as("a review needs its write-ahead REQUEST event first").isEqualTo(503);
        assertThat(reviewed.headers().firstValue("Gatehouse-Approval")).isEmpty();
        assertThat(APPROVALS.approvals()).as("no approval request without the event").isEmpty();
        assertThat(TARGET.count()).isEqualTo(before);
    }

    private HttpResponse<String> get() throws Exception {
        String token = OIDC.ciToken("agent", Map.of());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/proxy/echo/x"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
