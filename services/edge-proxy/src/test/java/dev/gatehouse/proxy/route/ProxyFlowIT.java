package dev.gatehouse.proxy.route;

import dev.gatehouse.model.Topics;
import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.proxy.support.StubHttpServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyFlowIT extends ProxyIntegrationTest {

    private static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @Test
    void allowedGetReachesTheRegisteredUpstreamWithTheVaultCredentialInsteadOfTheCallerToken() {
        String token = agentToken();

        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/proxy/flow-allow/items/42?x=1&y=a%20b"))
                .header("Cookie", "session=caller-cookie").GET(), token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"echo\":true}");
        String auditId = response.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        StubHttpServer.Received forwarded = TARGET.last();
        assertThat(forwarded.method()).isEqualTo("GET");
        assertThat(forwarded.path()).isEqualTo("/base/items/42");
        assertThat(forwarded.query()).isEqualTo("x=1&y=a%20b");
        assertThat(forwarded.header("Authorization")).isEqualTo("Bearer " + VAULT_SECRET);
        assertThat(forwarded.header("Gatehouse-Audit-Id")).isEqualTo(auditId);
        assertThat(forwarded.header("Cookie")).isNull();
        assertThat(forwarded.headers().toString()).doesNotContain(token);

        ConsumerRecord<String, String> request = audit.await(event -> event.path("id").asString().equals(auditId));
        JsonNode requestEvent = AuditTopic.json(request);
        String sessionId = requestEvent.path("sessionId").asString();
        assertThat(request.key()).isEqualTo(sessionId);
        assertThat(request.topic()).isEqualTo(Topics.AUDIT);
        assertThat(requestEvent.path("kind").asString()).isEqualTo("REQUEST");
        assertThat(requestEvent.path("seq").asLong()).isEqualTo(1);
        assertThat(requestEvent.path("verdict").asString()).isEqualTo("ALLOW");
        assertThat(requestEvent.path("ruleId").asString()).isEqualTo("rule-allow-reads");
        assertThat(requestEvent.path("protocol").asString()).isEqualTo("HTTP");
        assertThat(requestEvent.path("identity").path("claims").path("repository").asString()).isEqualTo("acme/app");
        assertThat(requestEvent.path("identity").path("claims").path("run_id").asString()).isEqualTo("4711");
        assertThat(requestEvent.path("operation").path("path").asString()).isEqualTo("/items/42");
        assertThat(requestEvent.path("operation").path("query").asString()).isEqualTo("x=1&y=a%20b");

        JsonNode responseEvent = AuditTopic.json(audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals("RESPONSE")));
        assertThat(responseEvent.path("seq").asLong()).isEqualTo(2);
        assertThat(responseEvent.path("status").asInt()).isEqualTo(200);
        assertThat(responseEvent.has("durationMs")).isTrue();
        assertThat(request.value() + responseEvent).doesNotContain(VAULT_SECRET).doesNotContain(token);
    }

    @Test
    void policyIsAskedWithTheProxysOwnServiceTokenAndTheCallersIdentity() {
        String token = agentToken();

        get("/proxy/flow-identity/", token);

        StubHttpServer.Received decision = POLICY.last("/api/v1/decisions");
        assertThat(decision.path()).isEqualTo("/api/v1/decisions");
        String serviceToken = decision.header("Authorization").substring("Bearer ".length());
        assertThat(serviceToken).isNotEqualTo(token);
        String claims = new String(Base64.getUrlDecoder().decode(serviceToken.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("gatehouse-proxy").contains("\"sub\":\"gatehouse-edge-proxy\"");
        assertThat(decision.body()).contains("\"connection\":\"flow-identity\"").contains("\"method\":\"GET\"")
                .contains("\"subject\":\"repo:acme/app:ref:refs/heads/main\"").doesNotContain(token);
        assertThat(VAULT.last().header("Authorization")).isEqualTo("Bearer " + serviceToken);
    }

    @Test
    void basicCredentialIsInjectedAsBasicAuthorization() {
        VAULT.respond(200, lease("basic", "basic-pass-19"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/proxy/flow-basic/things"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).header("Content-Type", "application/json"),
                agentToken());

        assertThat(response.statusCode()).isEqualTo(200);
        StubHttpServer.Received forwarded = TARGET.last();
        assertThat(forwarded.method()).isEqualTo("POST");
        assertThat(forwarded.body()).isEqualTo("{\"a\":1}");
        assertThat(forwarded.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("svc-user:basic-pass-19".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deniedRequestIsRefusedWithAProblemNamingTheRuleAndNeverReachesTheTarget() {
        POLICY.respond(200, refuse("DENY", "rule-no-deletes"));
        int before = TARGET.count();

        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/proxy/flow-deny/items/1")).DELETE(), agentToken());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/policy-denied\"")
                .contains("\"status\":403").contains("\"ruleId\":\"rule-no-deletes\"");
        String auditId = response.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        assertThat(response.body()).contains("\"auditId\":\"" + auditId + "\"");
        assertThat(TARGET.count()).isEqualTo(before);

        JsonNode event = AuditTopic.json(audit.await(e -> e.path("id").asString().equals(auditId)));
        assertThat(event.path("kind").asString()).isEqualTo("DECISION");
        assertThat(event.path("verdict").asString()).isEqualTo("DENY");
        assertThat(event.path("ruleId").asString()).isEqualTo("rule-no-deletes");
        assertThat(event.path("operation").path("method").asString()).isEqualTo("DELETE");
    }

    @Test
    void reviewWithoutARegisteredTargetIs503AndNothingIsHeld() {
        POLICY.respond(200, refuse("REVIEW", "rule-needs-review"));
        int before = TARGET.count();

        HttpResponse<String> response = get("/proxy/flow-review/admin", agentToken());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/unavailable\"");
        assertThat(response.headers().firstValue("Gatehouse-Approval")).isEmpty();
        assertThat(TARGET.count()).isEqualTo(before);
    }
}
