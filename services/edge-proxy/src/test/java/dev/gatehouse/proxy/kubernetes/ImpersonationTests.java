package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.model.CallerIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImpersonationTests {

    private static final CallerIdentity AGENT = new CallerIdentity("https://ci.example", "repo:acme/app:ref:refs/heads/main",
            Map.of("repository", "acme/app", "run_id", 4711, "workflow", "deploy"));
    private static final KubernetesConnection CLUSTER = KubernetesConnection.of("k8s", Map.of());

    @ParameterizedTest
    @ValueSource(strings = {"Impersonate-User", "impersonate-user", "IMPERSONATE-GROUP", "Impersonate-Uid",
            "Impersonate-Extra-scopes", "impersonate-extra-"})
    void anyImpersonateHeaderOfTheClientCountsAsAskedAndNeverReachesTheCluster(String name) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(name, "system:admin");

        assertThat(Impersonation.asked(headers)).isTrue();
        Impersonation.apply(headers, CLUSTER, AGENT);

        assertThat(headers.toSingleValueMap().values()).doesNotContain("system:admin");
        assertThat(headers.get("Impersonate-User")).containsExactly("gatehouse:repo:acme/app:ref:refs/heads/main");
    }

    @Test
    void theAgentIsNamedWithItsGroupsAndItsRun() {
        HttpHeaders headers = new HttpHeaders();
        Impersonation.apply(headers, KubernetesConnection.of("k8s", Map.of("impersonateGroups", "ci, deployers")), AGENT);

        assertThat(headers.get("Impersonate-Group")).containsExactly("ci", "deployers");
        assertThat(headers.get("Impersonate-Extra-repository")).containsExactly("acme/app");
        assertThat(headers.get("Impersonate-Extra-run-id")).containsExactly("4711");
        assertThat(headers.get("Impersonate-Extra-workflow")).containsExactly("deploy");
        assertThat(Impersonation.asked(new HttpHeaders())).isFalse();
    }

    @Test
    void aClaimCannotBreakAHeaderLine() {
        CallerIdentity sly = new CallerIdentity("https://ci.example", "x\r\nImpersonate-User: admin",
                Map.of("repository", "a\nb"));
        HttpHeaders headers = new HttpHeaders();
        Impersonation.apply(headers, CLUSTER, sly);

        assertThat(headers.get("Impersonate-User")).containsExactly("gatehouse:x??Impersonate-User: admin");
        assertThat(headers.get("Impersonate-Extra-repository")).containsExactly("a?b");
    }

    @Test
    void withoutImpersonationTheClientsHeadersStillGoAndNoneAreAdded() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Impersonate-User", "system:admin");
        Impersonation.apply(headers, KubernetesConnection.of("k8s", Map.of("impersonate", "false")), AGENT);

        assertThat(headers.headerNames()).noneMatch(name -> name.toLowerCase().startsWith("impersonate-"));
    }

    @Test
    void aConnectionThatAllowsClientImpersonationPassesTheClientsHeadersAsTheyAre() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Impersonate-User", "deployer");
        Impersonation.apply(headers, KubernetesConnection.of("k8s", Map.of("allowClientImpersonation", "true")), AGENT);

        assertThat(headers.get("Impersonate-User")).isEqualTo(List.of("deployer"));
        assertThat(headers.containsHeader("Impersonate-Group")).isFalse();
    }
}
