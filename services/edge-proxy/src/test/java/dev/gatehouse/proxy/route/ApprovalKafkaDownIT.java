package dev.gatehouse.proxy.route;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.proxy.approval.FakeApprovalService;
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
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-time approval is consumed only once the REQUEST event of the run it allows is acknowledged: with
 * the broker gone at that moment the request is refused (503) and the approval stays usable.
 */
@SpringBootTest(classes = EdgeProxyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=edge-proxy", "gatehouse.proxy.audit.ack-timeout=3s",
                "gatehouse.proxy.policy.cache.enabled=false"})
@DirtiesContext
class ApprovalKafkaDownIT {

    private static final OidcIssuer OIDC = OidcIssuer.shared();
    private static final KafkaFixture KAFKA = KafkaFixture.dedicated();
    private static final StubHttpServer POLICY = new StubHttpServer();
    private static final StubHttpServer VAULT = new StubHttpServer();
    private static final StubHttpServer TARGET = new StubHttpServer();
    private static final FakeApprovalService APPROVALS = new FakeApprovalService();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("gatehouse.proxy.trust.issuers[0].issuer", () -> OIDC.issuerUrl(OidcIssuer.CI));
        registry.add("gatehouse.proxy.policy.url", POLICY::url);
        registry.add("gatehouse.proxy.vault.url", VAULT::url);
        registry.add("gatehouse.proxy.approval.url", APPROVALS::url);
        registry.add("spring.security.oauth2.client.provider.gatehouse.token-uri",
                () -> OIDC.tokenEndpoint(OidcIssuer.INTERNAL));
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        String spool = Files.createTempDirectory("approval-kafka-down-spool").toString();
        registry.add("gatehouse.proxy.audit.spool-dir", () -> spool);
        registry.add("gatehouse.proxy.audit.decision-ack-timeout", () -> "1s");
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
    void anApprovalIsNotSpentWhenTheRunsRequestEventIsNotAcknowledged() throws Exception {
        POLICY.respond(200, "{\"verdict\":\"REVIEW\",\"ruleId\":\"needs-review\",\"target\":{\"name\":\"echo\","
                + "\"protocol\":\"HTTP\",\"upstream\":\"" + TARGET.url() + "\"},"
                + "\"review\":{\"reviewers\":\"gatehouse-reviewer\",\"approvals\":1,\"expiry\":\"PT10M\"}}");
        VAULT.respond(200, "{\"leaseId\":\"l\",\"connection\":\"echo\",\"credential\":{\"type\":\"BEARER\","
                + "\"secret\":\"s3cr3t\"},\"expiresAt\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        TARGET.respond(200, "{}");
        HttpResponse<String> accepted = post(null, true);
        assertThat(accepted.statusCode()).as("with the broker up").isEqualTo(202);
        UUID id = UUID.fromString(accepted.headers().firstValue("Gatehouse-Approval").orElseThrow());
        APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "go");
        int before = TARGET.count();

        KAFKA.close();
        HttpResponse<String> retried = post(id, false);

        assertThat(retried.statusCode()).isEqualTo(503);
        assertThat(retried.body()).contains("\"type\":\"https://gatehouse.dev/problems/unavailable\"");
        assertThat(TARGET.count()).as("nothing reached the target").isEqualTo(before);
        assertThat(APPROVALS.approval(id).status()).as("the one-time approval is still usable")
                .isEqualTo(ApprovalStatus.APPROVED);
        assertThat(APPROVALS.called("POST", "/api/v1/approvals/" + id + "/consume")).as("never consumed").isFalse();
    }

    private HttpResponse<String> post(UUID approval, boolean async) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/proxy/echo/jobs"))
                .header("Authorization", "Bearer " + OIDC.ciToken("agent", Map.of()))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"run\":1}"));
        if (approval != null) {
            request.header("Gatehouse-Approval", approval.toString());
        }
        if (async) {
            request.header("Prefer", "respond-async");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
