package dev.gatehouse.proxy.mysql;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The MySQL / MariaDB listener (docs/architecture.md §6b).
 *
 * @param port                   0 picks a free port (tests)
 * @param allowPlaintextLoopback accept a client without TLS when it is on this host
 * @param tls                    PEM certificate and key, or {@code self-signed} for local use
 * @param maxPacketSize          a larger client packet ends the connection (statements are under 16 MB)
 * @param serverVersion          the version the listener announces; 5.7 makes drivers use the variable
 *                               names both MySQL 8 and MariaDB know
 * @param approvalWait           how long a statement under review is held for a decision
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.mysql")
public record MysqlProperties(boolean enabled, @Min(0) @Max(65535) int port, String bindAddress,
                              boolean allowPlaintextLoopback, Tls tls, DataSize maxPacketSize, String serverVersion,
                              Duration connectTimeout, Duration startupTimeout, Duration approvalWait) {

    public MysqlProperties {
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        tls = tls == null ? new Tls(null, null, false) : tls;
        maxPacketSize = maxPacketSize == null ? DataSize.ofMegabytes(16) : maxPacketSize;
        serverVersion = serverVersion == null ? "5.7.99-Gatehouse" : serverVersion;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        startupTimeout = startupTimeout == null ? Duration.ofSeconds(30) : startupTimeout;
        approvalWait = approvalWait == null ? Duration.ofMinutes(10) : approvalWait;
    }

    int maxPacketBytes() {
        return (int) Math.min(0xFFFFFF, maxPacketSize.toBytes());
    }

    /** PEM file paths; blank means not configured. */
    public record Tls(String certificate, String privateKey, boolean selfSigned) {

        boolean pemConfigured() {
            return certificate != null && !certificate.isBlank() && privateKey != null && !privateKey.isBlank();
        }
    }
}
