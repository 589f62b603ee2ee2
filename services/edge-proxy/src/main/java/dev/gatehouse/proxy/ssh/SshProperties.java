package dev.gatehouse.proxy.ssh;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The SSH listener (docs/architecture.md, "SSH").
 *
 * @param port           0 picks a free port (tests); 2222 in the local stack
 * @param hostKey        the listener's host key file (OpenSSH or PEM); generated there (Ed25519) when missing,
 *                       so the fingerprint clients pin stays the same across restarts
 * @param connectTimeout dialling and logging in to the upstream host
 * @param approvalWait   how long a command under review is held for a decision
 * @param auditOutput    how much of a command's output (stdout and stderr, masked) the RESPONSE event keeps
 * @param loginTimeout   a connection not authenticated by then is closed
 * @param maxSessionDuration a logged-in connection is disconnected this long after its login, whatever runs on it
 * @param idleTimeout    a logged-in connection with no traffic either way for this long is disconnected
 * @param maxSessionsPerCaller how many connections one caller identity (issuer and subject) may have logged in at
 *                       once; a login over it is refused with a disconnect message
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.ssh")
public record SshProperties(boolean enabled, @Min(0) @Max(65535) int port, String bindAddress, String hostKey,
                            Duration connectTimeout, Duration approvalWait, DataSize auditOutput,
                            Duration loginTimeout, Duration maxSessionDuration, Duration idleTimeout,
                            @Min(1) Integer maxSessionsPerCaller) {

    public SshProperties {
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        hostKey = hostKey == null || hostKey.isBlank() ? "gatehouse-ssh-host-key" : hostKey;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        approvalWait = approvalWait == null ? Duration.ofMinutes(10) : approvalWait;
        auditOutput = auditOutput == null ? DataSize.ofKilobytes(64) : auditOutput;
        loginTimeout = loginTimeout == null ? Duration.ofSeconds(30) : loginTimeout;
        maxSessionDuration = maxSessionDuration == null ? Duration.ofHours(8) : maxSessionDuration;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
        maxSessionsPerCaller = maxSessionsPerCaller == null ? 10 : maxSessionsPerCaller;
    }

    int auditOutputBytes() {
        return (int) Math.min(16 * 1024 * 1024, auditOutput.toBytes());
    }
}
