package dev.gatehouse.proxy.postgres;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The PostgreSQL listener (docs/architecture.md §6).
 *
 * @param port                   0 picks a free port (tests)
 * @param allowPlaintextLoopback accept a connection without TLS when the peer is on this host
 * @param tls                    PEM certificate and key, or {@code self-signed} for local use
 * @param maxMessageSize         a larger protocol message (either direction) ends the connection
 * @param upstreamSsl            TLS towards the database: {@code disable}, {@code prefer}, {@code require}
 * @param startupTimeout         a connection not logged in by then is closed
 * @param approvalWait           how long a statement under review is held for a decision
 * @param limits                 concurrent sessions per caller identity and per connection, on each replica
 * @param lineageMaxRows         the login's catalog query (relations, columns, view dependencies) is used
 *                               up to this many rows; a larger database gets no catalog (conservative masking)
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.postgres")
public record PostgresProperties(boolean enabled, @Min(0) @Max(65535) int port, String bindAddress,
                                 boolean allowPlaintextLoopback, Tls tls, DataSize maxMessageSize,
                                 UpstreamSsl upstreamSsl, Duration connectTimeout, Duration startupTimeout,
                                 Duration approvalWait, @jakarta.validation.Valid Limits limits,
                                 @Min(0) Integer lineageMaxRows) {

    public PostgresProperties {
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        tls = tls == null ? new Tls(null, null, false) : tls;
        maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(64) : maxMessageSize;
        upstreamSsl = upstreamSsl == null ? UpstreamSsl.PREFER : upstreamSsl;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        startupTimeout = startupTimeout == null ? Duration.ofSeconds(30) : startupTimeout;
        approvalWait = approvalWait == null ? Duration.ofMinutes(10) : approvalWait;
        limits = limits == null ? new Limits(null, null) : limits;
        lineageMaxRows = lineageMaxRows == null ? 200_000 : lineageMaxRows;
    }

    public int maxMessageBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 16, maxMessageSize.toBytes());
    }

    /** PEM file paths; blank means not configured. */
    public record Tls(String certificate, String privateKey, boolean selfSigned) {

        boolean pemConfigured() {
            return certificate != null && !certificate.isBlank() && privateKey != null && !privateKey.isBlank();
        }
    }

    /** Each session mints a database role and a backend: bounded per CI identity and per connection. */
    public record Limits(@Min(1) Integer sessionsPerIdentity, @Min(1) Integer sessionsPerConnection) {

        public Limits {
            sessionsPerIdentity = sessionsPerIdentity == null ? 32 : sessionsPerIdentity;
            sessionsPerConnection = sessionsPerConnection == null ? 256 : sessionsPerConnection;
        }
    }

    public enum UpstreamSsl {
        DISABLE, PREFER, REQUIRE
    }
}
