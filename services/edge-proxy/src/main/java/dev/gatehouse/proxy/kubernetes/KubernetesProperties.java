package dev.gatehouse.proxy.kubernetes;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The HTTPS port kubectl talks to (docs/architecture.md §3.12). kubectl sends a bearer token only over TLS,
 * so Kubernetes connections are served on a TLS port of their own: the same proxy (routes, security,
 * gate) behind another socket.
 *
 * @param enabled     whether the port is opened
 * @param port        0 picks a free port (tests)
 * @param bindAddress the interface to listen on (all when empty)
 * @param tls         PEM certificate and key, or {@code self-signed} (generated at start-up, local use only)
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.kubernetes")
public record KubernetesProperties(boolean enabled, @Min(0) @Max(65535) int port, String bindAddress, Tls tls) {

    public KubernetesProperties {
        tls = tls == null ? new Tls(null, null, false) : tls;
    }

    public record Tls(String certificate, String privateKey, boolean selfSigned) {

        boolean pemConfigured() {
            return certificate != null && !certificate.isBlank() && privateKey != null && !privateKey.isBlank();
        }
    }
}
