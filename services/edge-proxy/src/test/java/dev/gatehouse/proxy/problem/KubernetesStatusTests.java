package dev.gatehouse.proxy.problem;

import dev.gatehouse.model.ProblemTypes;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesStatusTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRefusalIsAStatusKubectlCanPrintWithTheRuleAndTheAuditId() {
        JsonNode status = JSON.readTree(KubernetesStatus.body(HttpStatus.FORBIDDEN, ProblemTypes.POLICY_DENIED,
                "the policy denies this operation", Map.of("ruleId", "k8s-no-delete", "auditId", "0190-abc")));

        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(status.path("status").asString()).isEqualTo("Failure");
        assertThat(status.path("reason").asString()).isEqualTo("Forbidden");
        assertThat(status.path("code").asInt()).isEqualTo(403);
        assertThat(status.path("message").asString()).isEqualTo(
                "Gatehouse: the policy denies this operation (rule k8s-no-delete, auditId 0190-abc)");
        assertThat(status.path("details").path("causes").get(0).path("message").asString())
                .isEqualTo(ProblemTypes.POLICY_DENIED.toString());
    }

    @Test
    void unavailableIsServiceUnavailable() {
        JsonNode status = JSON.readTree(KubernetesStatus.body(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                "the policy service could not decide", Map.of()));

        assertThat(status.path("reason").asString()).isEqualTo("ServiceUnavailable");
        assertThat(status.path("message").asString()).isEqualTo("Gatehouse: the policy service could not decide");
    }
}
