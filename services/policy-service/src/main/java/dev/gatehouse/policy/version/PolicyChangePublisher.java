package dev.gatehouse.policy.version;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.PolicyChanged;
import dev.gatehouse.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a version's two events and waits for the broker's acknowledgement: {@link PolicyChanged} on
 * {@value Topics#POLICY} (key = version) for the proxies' caches, and a {@code POLICY_CHANGED} audit
 * event (session {@value #SESSION}) for the trail. The audit event's id is fixed per version, so a
 * re-send is the same event to the audit-service. The payload carries metadata only, never the document.
 */
@Component
class PolicyChangePublisher {

    static final String SESSION = "policy";

    private static final Logger log = LoggerFactory.getLogger(PolicyChangePublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final PolicyEventProperties properties;

    PolicyChangePublisher(KafkaTemplate<String, String> kafka, JsonMapper json, PolicyEventProperties properties) {
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
    }

    /** @return whether Kafka acknowledged both events within the configured time */
    boolean publish(StoredVersion version) {
        VersionInfo info = version.info();
        try {
            CompletableFuture<?> changed = kafka.send(Topics.POLICY, Long.toString(info.version()), json.writeValueAsString(
                    new PolicyChanged(info.version(), info.author(), info.createdAt(), info.rolledBackFrom())));
            CompletableFuture<?> audited = kafka.send(Topics.AUDIT, SESSION, json.writeValueAsString(auditEvent(version)));
            CompletableFuture.allOf(changed, audited).get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("policy version {} events not acknowledged by Kafka, the outbox will retry: {}", info.version(),
                    cause.getClass().getSimpleName());
            return false;
        }
    }

    AuditEvent auditEvent(StoredVersion version) {
        VersionInfo info = version.info();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", info.version());
        payload.put("sha256", info.sha256());
        payload.put("comment", info.comment());
        payload.put("rolledBackFrom", info.rolledBackFrom());
        return new AuditEvent(version.auditEventId(), SESSION, info.version(), info.createdAt(),
                AuditEventKind.POLICY_CHANGED, new CallerIdentity(version.authorIssuer(), info.author(), Map.of()),
                null, null, null, null, null, null, Map.of(), json.writeValueAsString(payload), null, null,
                info.version(), null);
    }
}
