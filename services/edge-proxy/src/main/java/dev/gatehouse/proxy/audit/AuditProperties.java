package dev.gatehouse.proxy.audit;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param ackTimeout         how long a write-ahead event may wait for the broker's acknowledgement
 *                           before the request is refused with 503
 * @param decisionAckTimeout how long a refusal waits for its DECISION event; the refusal is sent
 *                           either way (nothing reaches a target) and the event goes to the spool
 * @param spoolDir           where events that nothing waits for wait on disk while Kafka is away; give
 *                           each replica a persistent directory of its own
 * @param sendQueue          events handed to the sender thread but not yet to the producer; when Kafka
 *                           stalls, a full queue refuses at once (503, or the spool for events nothing
 *                           waits for) instead of holding every request's event in memory
 * @param asyncLinger        how long an event nobody waits for (RESPONSE, ASYNC read) may wait for others
 *                           to share its produce request; 0 sends each at once. Write-ahead events never wait
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.audit")
record AuditProperties(Duration ackTimeout, Duration decisionAckTimeout, Path spoolDir, @Min(1) Integer sendQueue,
                       Duration asyncLinger) {

    AuditProperties {
        ackTimeout = ackTimeout == null ? Duration.ofSeconds(5) : ackTimeout;
        decisionAckTimeout = decisionAckTimeout == null ? Duration.ofSeconds(1) : decisionAckTimeout;
        spoolDir = spoolDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "gatehouse-proxy-audit-spool") : spoolDir;
        sendQueue = sendQueue == null ? 10_000 : sendQueue;
        asyncLinger = asyncLinger == null ? Duration.ofMillis(20) : asyncLinger;
        if (asyncLinger.isNegative()) {
            throw new IllegalArgumentException("gatehouse.proxy.audit.async-linger must not be negative, was " + asyncLinger);
        }
    }
}
