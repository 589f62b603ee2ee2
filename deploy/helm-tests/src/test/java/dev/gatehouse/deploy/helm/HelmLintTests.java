package dev.gatehouse.deploy.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HelmLintTests {

    @Test
    void chartPassesStrictLintWithDefaultValues() {
        LintResult result = Chart.lint();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"values-production.yaml", "values-existing-secrets.yaml"})
    void chartPassesStrictLintWithValues(String valuesFile) {
        LintResult result = Chart.lint(valuesFile);

        assertThat(result.isFailed()).as("helm lint --strict -f %s: %s", valuesFile, result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lintFailsOnAValueTheSchemaRejects() {
        // Proves the lint tests would notice: the same copy-and-merge path with a bad value fails.
        assertThat(Chart.lint("values-invalid.yaml").isFailed()).isTrue();
    }

    @Test
    void defaultValuesRender() {
        assertThat(Chart.template(List.of(), Map.of())).contains("kind: Deployment");
    }

    @Test
    void productionExampleRenders() {
        assertThat(Chart.template(List.of("values-production.yaml"), Map.of())).contains("kind: Deployment");
    }

    @Test
    void existingSecretsRender() {
        assertThat(Chart.template(List.of("values-existing-secrets.yaml"), Map.of())).contains("kind: Deployment");
    }
}
