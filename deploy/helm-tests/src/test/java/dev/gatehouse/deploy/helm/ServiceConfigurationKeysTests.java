package dev.gatehouse.deploy.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable the chart gives a service must bind to a property that service has: a key
 * of its {@code <service>.yml}, a {@code ${PLACEHOLDER}} that yml reads, a component of one of its
 * {@code @ConfigurationProperties} records, or a Spring Boot property in a namespace the yml configures
 * (so, say, Redis settings cannot reach a service that configures no Redis). A typo such as
 * {@code GATEHOUSE_VAULT_CRYPTO_KEY_DIR} fails here instead of being ignored silently at runtime.
 */
class ServiceConfigurationKeysTests {

    /** Not Spring properties: read by the JVM, or only referenced by other variables/volumes. */
    private static final Set<String> NOT_PROPERTIES = Set.of("JAVA_TOOL_OPTIONS", "POD_NAME");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");

    static Stream<String> variants() {
        return Stream.of("default", "values-production.yaml", "values-existing-secrets.yaml");
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyVariableTheChartSetsIsAPropertyOfItsService(String variant) {
        Chart.Rendered r = Chart.render(variant.equals("default") ? List.of() : List.of(variant), Map.of());
        List<String> unknown = new ArrayList<>();

        for (String svc : Chart.SERVICES) {
            ServiceModel model = ServiceModel.read(Chart.repoRoot(), svc);
            for (String env : variables(r, svc)) {
                if (model.explain(env) == null) {
                    unknown.add(svc + ": " + env);
                }
            }
        }
        assertThat(unknown).as("env vars that bind to no property of their service").isEmpty();
    }

    @Test
    void theCheckRejectsWhatServicesDoNotHave() {
        // The rule itself must bite: misspelled, foreign and out-of-namespace names are refused.
        ServiceModel vault = ServiceModel.read(Chart.repoRoot(), "credential-vault");
        ServiceModel approval = ServiceModel.read(Chart.repoRoot(), "approval-service");
        ServiceModel proxy = ServiceModel.read(Chart.repoRoot(), "edge-proxy");

        assertThat(vault.explain("GATEHOUSE_VAULT_CRYPTO_KEYDIR")).isNotNull();
        assertThat(vault.explain("GATEHOUSE_VAULT_CRYPTO_KEY_DIR")).isNull();
        assertThat(vault.explain("GATEHOUSE_PROXY_POLICY_URL")).isNull();
        assertThat(approval.explain("SPRING_DATA_REDIS_HOST")).isNull();
        assertThat(approval.explain("SPRING_KAFKA_BOOTSTRAPSERVERS")).isNotNull();
        assertThat(approval.explain("SPRING_DATASOURCE_URL")).isNotNull();
        assertThat(proxy.explain("SPRING_DATASOURCE_URL")).isNull();
        assertThat(proxy.explain("GATEHOUSE_PROXY_TRUST_ISSUERS_3_JWKSETURI")).isNotNull();
        assertThat(proxy.explain("GATEHOUSE_PROXY_TRUST_ISSUERS_0_JWKS")).isNull();
        assertThat(proxy.explain("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).isNotNull();
        assertThat(ServiceModel.read(Chart.repoRoot(), "audit-service").explain("GATEHOUSE_AUDIT_CHECKPOINT_SIGNINGKEY")).isNotNull();
    }

    /** ConfigMap keys plus container env names, minus variables only referenced as $(NAME). */
    private static Set<String> variables(Chart.Rendered r, String svc) {
        Set<String> names = new LinkedHashSet<>(r.configMap(svc).getData().keySet());
        Set<String> referenced = new LinkedHashSet<>();
        Deployment d = r.deployment(svc);
        for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
            for (EnvVar env : c.getEnv()) {
                names.add(env.getName());
                if (env.getValue() != null) {
                    Matcher m = REFERENCE.matcher(env.getValue());
                    while (m.find()) {
                        referenced.add(m.group(1));
                    }
                }
            }
        }
        names.removeAll(referenced);
        names.removeAll(NOT_PROPERTIES);
        return names;
    }
}
