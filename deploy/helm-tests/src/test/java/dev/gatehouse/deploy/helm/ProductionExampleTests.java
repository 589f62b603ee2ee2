package dev.gatehouse.deploy.helm;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** helm/gatehouse/values-production.yaml renders what it promises. */
class ProductionExampleTests {

    private static Chart.Rendered r;

    @BeforeAll
    static void render() {
        r = Chart.render(List.of("values-production.yaml"), Map.of());
    }

    @Test
    void exposesTheProxysHttpAndProtocolPortsThroughALoadBalancer() {
        Service proxy = r.get(Service.class, Chart.name("edge-proxy"));
        assertThat(proxy.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(proxy.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http", 8080), org.assertj.core.groups.Tuple.tuple("postgres", 15432),
                        org.assertj.core.groups.Tuple.tuple("ssh", 2222), org.assertj.core.groups.Tuple.tuple("mysql", 13306),
                        org.assertj.core.groups.Tuple.tuple("kubernetes", 16443));
        assertThat(proxy.getSpec().getLoadBalancerSourceRanges()).containsExactly("10.0.0.0/8");
        assertThat(r.get(Service.class, Chart.name("credential-vault")).getSpec().getType()).isEqualTo("ClusterIP");
    }

    @Test
    void routesTheApprovalsApiAndTheDashboard() {
        Ingress ingress = r.all(Ingress.class).getFirst();
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("gatehouse.example.com");
            assertThat(rule.getHttp().getPaths()).extracting(HTTPIngressPath::getPath, p -> p.getBackend().getService().getName())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("/api/v1/approvals", Chart.name("approval-service")),
                            org.assertj.core.groups.Tuple.tuple("/", Chart.name("audit-service")));
        });
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(t -> assertThat(t.getSecretName()).isEqualTo("gatehouse-tls"));
    }

    @Test
    void usesExternalKafkaAndPostgresSettings() {
        Map<String, String> audit = r.configMap("audit-service").getData();
        assertThat(audit).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://pg-audit.internal.example.com:5432/gatehouse_audit?sslmode=verify-full")
                .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("SPRING_KAFKA_SSL_TRUSTSTORETYPE", "PEM");
        assertThat(r.configMap("policy-service").getData().get("SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://pg.internal.example.com:5432/gatehouse_policy?sslmode=verify-full&sslrootcert=/etc/ssl/certs/ca-certificates.crt");
        assertThat(r.configMap("edge-proxy").getData())
                .containsEntry("GATEHOUSE_PROXY_TRUST_ISSUERS_0_ISSUER", "https://token.actions.githubusercontent.com")
                .containsEntry("GATEHOUSE_PROXY_TRUST_ISSUERS_1_ISSUER", "https://gitlab.example.com")
                .containsEntry("GATEHOUSE_PROXY_TRUST_ISSUERS_1_JWKSETURI", "https://gitlab.example.com/oauth/discovery/keys")
                .containsEntry("GATEHOUSE_PROXY_POLICY_URL", "http://" + Chart.name("policy-service") + ":8081")
                .containsEntry("GATEHOUSE_PROXY_VAULT_URL", "http://" + Chart.name("credential-vault") + ":8084")
                .containsEntry("GATEHOUSE_PROXY_APPROVAL_URL", "http://" + Chart.name("approval-service") + ":8082")
                .containsEntry("GATEHOUSE_PROXY_POSTGRES_PORT", "15432")
                .containsEntry("GATEHOUSE_PROXY_POSTGRES_LIMITS_SESSIONSPERIDENTITY", "32")
                .containsEntry("GATEHOUSE_PROXY_POSTGRES_TLS_CERTIFICATE", "/etc/gatehouse/postgres-tls/tls.crt");
        assertThat(r.deployment("edge-proxy").getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(volume -> volume.getSecret() != null
                        && "gatehouse-postgres-tls".equals(volume.getSecret().getSecretName()));
        assertThat(r.configMap("edge-proxy").getData())
                .containsEntry("GATEHOUSE_PROXY_SSH_ENABLED", "true")
                .containsEntry("GATEHOUSE_PROXY_SSH_HOSTKEY", "/etc/gatehouse/ssh-host-key/ssh_host_key")
                .containsEntry("GATEHOUSE_PROXY_MYSQL_TLS_CERTIFICATE", "/etc/gatehouse/mysql-tls/tls.crt")
                .containsEntry("GATEHOUSE_PROXY_KUBERNETES_TLS_PRIVATEKEY", "/etc/gatehouse/kubernetes-tls/tls.key");
        var proxyPod = r.deployment("edge-proxy").getSpec().getTemplate().getSpec();
        assertThat(proxyPod.getVolumes()).filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName())
                .contains("gatehouse-ssh-host-key", "gatehouse-mysql-tls", "gatehouse-kubernetes-tls");
        assertThat(proxyPod.getContainers().getFirst().getVolumeMounts())
                .filteredOn(mount -> mount.getName().endsWith("-keys"))
                .allSatisfy(mount -> assertThat(mount.getReadOnly()).isTrue())
                .extracting(io.fabric8.kubernetes.api.model.VolumeMount::getMountPath)
                .containsExactlyInAnyOrder("/etc/gatehouse/ssh-host-key", "/etc/gatehouse/mysql-tls", "/etc/gatehouse/kubernetes-tls");
        assertThat(r.configMap("approval-service").getData()).containsKey("SPRING_KAFKA_BOOTSTRAPSERVERS");
        assertThat(r.configMap("audit-service").getData())
                .containsEntry("GATEHOUSE_AUDIT_DASHBOARD_ISSUERURI", "https://login.example.com/realms/gatehouse")
                .containsEntry("GATEHOUSE_AUDIT_DASHBOARD_APPROVALURL", "http://" + Chart.name("approval-service") + ":8082");
        EnvVar jaas = r.deployment("edge-proxy").getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()
                .stream().filter(e -> e.getName().equals("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).findFirst().orElseThrow();
        assertThat(jaas.getValue()).startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
                .contains("$(KAFKA_SASL_PASSWORD)");
    }

    @Test
    void givesEachProxyReplicaItsOwnSpoolDirectoryOnAClaim() {
        PersistentVolumeClaim claim = r.get(PersistentVolumeClaim.class, Chart.name("edge-proxy") + "-audit-spool");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        var container = r.deployment("edge-proxy").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getVolumeMounts()).filteredOn(m -> m.getName().equals("audit-spool")).singleElement()
                .satisfies(m -> assertThat(m.getSubPathExpr()).isEqualTo("$(POD_NAME)"));
        assertThat(r.configMap("edge-proxy").getData()).containsEntry("GATEHOUSE_PROXY_AUDIT_SPOOLDIR", "/var/spool/gatehouse");
    }

    @Test
    void scrapesEveryServiceWithAServiceMonitor() {
        List<HasMetadata> monitors = r.ofKind("ServiceMonitor");
        assertThat(monitors).hasSize(Chart.SERVICES.size())
                .allSatisfy(m -> assertThat(m.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack"));
    }

    @Test
    void admitsAdminsToPolicyServiceOnlyThroughConfiguredNamespaces() {
        List<NetworkPolicyPeer> peers = r.networkPolicy("policy-service").getSpec().getIngress().getFirst().getFrom();
        assertThat(peers).filteredOn(p -> p.getNamespaceSelector() != null)
                .extracting(p -> p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
                .containsExactlyInAnyOrder("ingress-nginx", "platform-admin");
        assertThat(peers).noneMatch(p -> p.getIpBlock() != null);
    }
}
