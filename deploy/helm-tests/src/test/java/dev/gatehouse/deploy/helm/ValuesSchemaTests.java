package dev.gatehouse.deploy.helm;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Helm validates values against values.schema.json before rendering; wrong values must not render. */
class ValuesSchemaTests {

    @Test
    void rejectsAStringWhereAnIntegerBelongs() {
        assertThatThrownBy(() -> Chart.template(List.of(), Map.of("services.edge-proxy.replicaCount", "two")))
                .hasMessageContaining("replicaCount")
                .hasMessageContaining("integer");
    }

    @Test
    void rejectsAnUnknownKafkaSecurityProtocol() {
        assertThatThrownBy(() -> Chart.template(List.of(), Map.of("kafka.securityProtocol", "TLS")))
                .hasMessageContaining("securityProtocol");
    }

    @Test
    void rejectsAMisspelledServiceSetting() {
        // additionalProperties: false catches typos that would otherwise be ignored silently.
        assertThatThrownBy(() -> Chart.template(List.of(), Map.of("services.credential-vault.replicas", 3)))
                .hasMessageContaining("replicas");
    }

    @Test
    void rejectsAnEmptyTrustedIssuerList() {
        assertThatThrownBy(() -> Chart.template(List.of(), Map.of("proxy.trustedIssuers", List.of())))
                .hasMessageContaining("trustedIssuers");
    }

    @Test
    void refusesAPostgresListenerWithoutACertificate() {
        assertThatThrownBy(() -> Chart.template(List.of(), Map.of("proxy.postgresListener.enabled", true)))
                .hasMessageContaining("proxy.postgresListener.tls.existingSecret");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"sshListener, hostKey", "mysqlListener, tls", "kubernetesListener, tls"})
    void refusesAProtocolListenerWithoutItsSharedKeyMaterial(String listener, String secretParent) {
        // Each replica would otherwise make its own host key or certificate: clients pinning one fail on the others.
        assertThatThrownBy(() -> Chart.template(List.of(), Map.of("proxy." + listener + ".enabled", true)))
                .hasMessageContaining("proxy." + listener + "." + secretParent + ".existingSecret");
    }

    @Test
    void acceptsTheValuesItDocuments() {
        assertThat(Chart.template(List.of(), Map.of("services.edge-proxy.replicaCount", 3,
                "services.edge-proxy.service.type", "NodePort"))).contains("type: NodePort");
    }
}
