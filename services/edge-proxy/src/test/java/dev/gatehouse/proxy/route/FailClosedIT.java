package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class FailClosedIT extends ProxyIntegrationTest {

    @Test
    void policyErrorIs503AndTheTargetIsNotCalled() {
        POLICY.respond(500, "{\"oops\":true}");
        int before = TARGET.count();

        HttpResponse<String> response = get("/proxy/fail-policy/items", agentToken());

        assertUnavailable(response);
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void unreadablePolicyAnswerIs503AndTheTargetIsNotCalled() {
        POLICY.respond(200, "this is not a decision");
        int before = TARGET.count();

        HttpResponse<String> response = get("/proxy/fail-policy-garbage/items", agentToken());

        assertUnavailable(response);
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void allowWithoutRegisteredUpstreamIs503() {
        POLICY.respond(200, "{\"verdict\":\"ALLOW\",\"ruleId\":\"r\"}");
        int before = TARGET.count();

        assertUnavailable(get("/proxy/fail-no-target/items", agentToken()));
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void vaultErrorIs503AndTheTargetIsNotCalled() {
        VAULT.respond(500, "{\"secret\":\"must-not-leak\"}");
        int before = TARGET.count();

        HttpResponse<String> response = get("/proxy/fail-vault/items", agentToken());

        assertUnavailable(response);
        assertThat(response.body()).doesNotContain("must-not-leak");
        assertThat(response.headers().firstValue("Gatehouse-Audit-Id")).as("the attempt is in the trail").isPresent();
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void unreachableTargetIs502Problem() {
        POLICY.respond(200, "{\"verdict\":\"ALLOW\",\"ruleId\":\"r\",\"target\":{\"name\":\"gone\","
                + "\"protocol\":\"HTTP\",\"upstream\":\"http://127.0.0.1:9\"}}");

        HttpResponse<String> response = get("/proxy/fail-target/items", agentToken());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/upstream-failed\"");
        assertThat(response.headers().firstValue("Gatehouse-Audit-Id")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/proxy/fail-path/../admin", "/proxy/fail-path/a/%2e%2e/admin",
            "/proxy/fail-path/a%2Fb", "/proxy/fail-path/a/%2E./b", "/proxy/fail-path/a;x=1/b",
            "/proxy/fail-path/a/%252e%252e/b", "/proxy/../other/x"})
    void pathsThatCouldEscapeTheConnectionAre400(String path) {
        int policyCalls = POLICY.count();
        int before = TARGET.count();

        HttpResponse<String> response = get(path, agentToken());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/invalid-request\"");
        assertThat(POLICY.count()).isEqualTo(policyCalls);
        assertThat(TARGET.count()).isEqualTo(before);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/unavailable\"")
                .contains("\"status\":503");
    }
}
