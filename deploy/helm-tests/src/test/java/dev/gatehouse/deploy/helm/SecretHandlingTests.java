package dev.gatehouse.deploy.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

class SecretHandlingTests {

    /** Fake, recognisable values: each must end up in a Secret and nowhere else. */
    private static final Map<String, Object> FAKE_SECRETS = new LinkedHashMap<>(Map.of(
            "postgresql.auth.password", "fake-db-password-7f3a",
            "kafka.securityProtocol", "SASL_SSL",
            "kafka.sasl.username", "fake-kafka-user-91c2",
            "kafka.sasl.password", "fake-kafka-password-55e1",
            "oidc.clientSecret", "fake-client-secret-0b7d",
            "proxy.masking.tenantKey", "fake-tenant-key-c4d9",
            "vault.keys.kek-1", "ZmFrZS1rZXktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXMhIQ==",
            "audit.signingKey", "fake-signing-key-e8a0"));

    @Test
    void noSecretValueAppearsOutsideSecrets() {
        Chart.Rendered r = Chart.render(List.of(), FAKE_SECRETS);
        List<String> fakes = FAKE_SECRETS.entrySet().stream()
                .filter(e -> !e.getKey().equals("kafka.securityProtocol")).map(e -> e.getValue().toString()).toList();

        // Given: each fake value was rendered into a Secret
        assertThat(r.secretValues().values()).containsAll(fakes);
        // Then: no ConfigMap, no literal env value, no other object carries any of them
        for (HasMetadata o : r.objects()) {
            if (o instanceof Secret) {
                continue;
            }
            String text = io.fabric8.kubernetes.client.utils.Serialization.asYaml(o);
            assertThat(fakes).as("%s %s", o.getKind(), o.getMetadata().getName()).noneMatch(text::contains);
        }
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            assertThat(cm.getData().values()).as(cm.getMetadata().getName()).noneMatch(fakes::contains);
        }
    }

    @Test
    void defaultGeneratedSecretsStayOutOfConfigMaps() {
        Chart.Rendered r = Chart.render(List.of(), Map.of());
        for (Map.Entry<String, String> entry : r.secretValues().entrySet()) {
            String secret = entry.getValue();
            if (secret.length() < 6 || entry.getKey().endsWith("/username")) {
                continue;  // an empty password has nothing to leak; a user name is not a secret
            }
            for (ConfigMap cm : r.all(ConfigMap.class)) {
                assertThat(cm.getData().values()).noneMatch(v -> v.contains(secret));
            }
        }
    }

    @Test
    void existingSecretsReplaceEveryRenderedSecret() {
        Chart.Rendered r = Chart.render(List.of("values-existing-secrets.yaml"), Map.of());

        assertThat(r.all(Secret.class)).as("the chart renders no Secret when all are existing").isEmpty();
        Map<String, String> refs = new LinkedHashMap<>();
        for (Deployment d : r.all(Deployment.class)) {
            for (EnvVar env : d.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    refs.put(env.getName(), env.getValueFrom().getSecretKeyRef().getName() + "/"
                            + env.getValueFrom().getSecretKeyRef().getKey());
                }
            }
        }
        assertThat(refs).containsEntry("SPRING_DATASOURCE_USERNAME", "ops-db/user")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "ops-db/pass")
                .containsEntry("KAFKA_SASL_USERNAME", "ops-kafka/username")
                .containsEntry("KAFKA_SASL_PASSWORD", "ops-kafka/password")
                .containsEntry("GATEHOUSE_PROXY_CLIENT_SECRET", "ops-oidc/client-secret")
                .containsEntry("GATEHOUSE_MASKING_TENANT_KEY", "ops-masking/tenant-key")
                .containsEntry("GATEHOUSE_AUDIT_CHECKPOINT_SIGNINGKEY", "ops-audit-signing/signing-key");

        Deployment vault = r.deployment("credential-vault");
        assertThat(vault.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null).extracting(v -> v.getSecret().getSecretName())
                .contains("ops-vault-keys");
        assertThat(r.configMap("credential-vault").getData())
                .containsEntry("GATEHOUSE_VAULT_CRYPTO_KEYDIR", "/etc/gatehouse/vault-keys")
                .containsEntry("GATEHOUSE_VAULT_CRYPTO_ACTIVEKEYID", "kek-2");
        assertThat(vault.getSpec().getTemplate().getSpec().getContainers().getFirst().getVolumeMounts())
                .anyMatch(m -> m.getMountPath().equals("/etc/gatehouse/vault-keys") && Boolean.TRUE.equals(m.getReadOnly()));
    }

    @Test
    void everyServiceGetsKafkaWithItsSaslCredentials() {
        // Every service publishes audit events (approval-service its decisions too): each must reach the
        // broker with the credentials from the existing secret, not only the proxy.
        Chart.Rendered r = Chart.render(List.of("values-existing-secrets.yaml"), Map.of());
        for (String svc : Chart.SERVICES) {
            List<String> env = r.deployment(svc).getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()
                    .stream().map(EnvVar::getName).filter(Objects::nonNull).toList();
            assertThat(env).as(svc).contains("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
            assertThat(r.configMap(svc).getData()).as(svc).containsKey("SPRING_KAFKA_BOOTSTRAPSERVERS");
        }
    }
}
