package dev.gatehouse.deploy.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart's security and operability rules, checked on every values variant we ship or document. */
class RenderedManifestTests {

    /** Variants: defaults, the production example, and every credential from an existingSecret. */
    static Stream<String> variants() {
        return Stream.of("default", "values-production.yaml", "values-existing-secrets.yaml");
    }

    private static Chart.Rendered render(String variant) {
        return Chart.render(variant.equals("default") ? List.of() : List.of(variant), Map.of());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyServiceHasItsDeploymentServiceConfigMapAndServiceAccount(String variant) {
        Chart.Rendered r = render(variant);

        for (String svc : Chart.SERVICES) {
            assertThat(r.find(Deployment.class, Chart.name(svc))).as("Deployment %s", svc).isPresent();
            assertThat(r.find(io.fabric8.kubernetes.api.model.Service.class, Chart.name(svc))).as("Service %s", svc).isPresent();
            assertThat(r.find(ConfigMap.class, Chart.name(svc))).as("ConfigMap %s", svc).isPresent();
            assertThat(r.find(io.fabric8.kubernetes.api.model.ServiceAccount.class, Chart.name(svc))).as("ServiceAccount %s", svc).isPresent();
            assertThat(r.find(PodDisruptionBudget.class, Chart.name(svc))).as("PDB %s", svc).isPresent();
        }
        assertThat(r.all(HorizontalPodAutoscaler.class)).extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrder(Chart.name("edge-proxy"), Chart.name("audit-service"));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyContainerHasProbesOnActuatorGroupsAndResources(String variant) {
        for (Deployment d : render(variant).all(Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String what = d.getMetadata().getName() + "/" + c.getName();
                assertThat(path(c.getLivenessProbe())).as("liveness %s", what).isEqualTo("/actuator/health/liveness");
                assertThat(path(c.getReadinessProbe())).as("readiness %s", what).isEqualTo("/actuator/health/readiness");
                assertThat(path(c.getStartupProbe())).as("startup %s", what).isEqualTo("/actuator/health/liveness");
                assertThat(c.getResources().getRequests()).as("requests %s", what).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as("limits %s", what).containsKey("memory");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyPodRunsNonRootReadOnlyWithoutCapabilities(String variant) {
        for (Deployment d : render(variant).all(Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            String name = d.getMetadata().getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("pod runAsNonRoot %s", name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as("pod uid %s", name).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as("no API token %s", name).isFalse();
            for (Container c : pod.getContainers()) {
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc.getRunAsNonRoot()).as("runAsNonRoot %s", name).isTrue();
                assertThat(sc.getReadOnlyRootFilesystem()).as("read-only root %s", name).isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as("no privilege escalation %s", name).isFalse();
                assertThat(sc.getCapabilities().getDrop()).as("drop ALL %s", name).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as("no added capability %s", name).isNullOrEmpty();
                assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                // A read-only root needs a writable /tmp (JVM, Tomcat/Netty temp files).
                assertThat(c.getVolumeMounts()).as("/tmp %s", name).anyMatch(m -> m.getMountPath().equals("/tmp"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void theVaultAdmitsTheEdgeProxyOnlyOnItsApiPort(String variant) {
        Chart.Rendered r = render(variant);
        List<NetworkPolicyIngressRule> rules = r.networkPolicy("credential-vault").getSpec().getIngress();
        assertThat(r.networkPolicy("credential-vault").getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(r.networkPolicy("credential-vault").getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "credential-vault");

        NetworkPolicyIngressRule api = rules.getFirst();
        assertThat(api.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector()).as("same namespace only").isNull();
            assertThat(peer.getIpBlock()).isNull();
            assertThat(peer.getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", "edge-proxy")
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
        });
        // Further rules may only come from networkPolicy.metricsFrom (the production example's monitoring namespace).
        for (NetworkPolicyIngressRule extra : rules.subList(1, rules.size())) {
            assertThat(variant).isEqualTo("values-production.yaml");
            assertThat(extra.getFrom()).extracting(NetworkPolicyPeer::getNamespaceSelector)
                    .allSatisfy(ns -> assertThat(ns.getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void approvalAndPolicyAdmitOnlyTheirCallers(String variant) {
        Chart.Rendered r = render(variant);
        assertThat(components(r.networkPolicy("approval-service").getSpec().getIngress().getFirst()))
                .containsExactlyInAnyOrder("edge-proxy", "audit-service");
        assertThat(components(r.networkPolicy("policy-service").getSpec().getIngress().getFirst()))
                .containsExactly("edge-proxy");
    }

    @ParameterizedTest
    @MethodSource("variants")
    void secretsReachContainersOnlyThroughSecretRefs(String variant) {
        Chart.Rendered r = render(variant);
        for (Deployment d : r.all(Deployment.class)) {
            for (EnvVar env : d.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
                if (env.getName().matches(".*(PASSWORD|SECRET|SIGNINGKEY|TENANT_KEY|USERNAME).*")) {
                    assertThat(env.getValue()).as("%s in %s is literal", env.getName(), d.getMetadata().getName()).isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                }
            }
        }
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            assertThat(cm.getData().keySet()).as("secret-looking keys in %s", cm.getMetadata().getName())
                    .noneMatch(k -> k.matches(".*(PASSWORD|SECRET|SIGNINGKEY|TENANTKEY|TENANT_KEY|JAAS|ENCRYPTIONKEY|CRYPTO_KEYS).*"));
        }
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static List<String> components(NetworkPolicyIngressRule rule) {
        return rule.getFrom().stream().map(NetworkPolicyPeer::getPodSelector)
                .filter(java.util.Objects::nonNull)
                .map(s -> s.getMatchLabels().get("app.kubernetes.io/component")).toList();
    }
}
