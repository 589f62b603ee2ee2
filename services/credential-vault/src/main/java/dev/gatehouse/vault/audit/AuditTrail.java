package dev.gatehouse.vault.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the vault's audit events to {@link Topics#AUDIT} and waits, bounded, for the broker's
 * acknowledgement: a credential that the trail cannot record is not handed out. Events never carry a
 * secret; failures are logged by event id and kind only.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final AuditProperties properties;

    AuditTrail(KafkaTemplate<String, String> kafka, JsonMapper json, AuditProperties properties) {
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
    }

    /** @throws AuditUnavailable when Kafka did not acknowledge the event within the configured time */
    public void record(AuditEvent event) {
        if (!tryRecord(event)) {
            throw new AuditUnavailable("the audit trail did not acknowledge the " + describe(event)
                    + "; nothing was changed or issued");
        }
    }

    /** Like {@link #record} but reports failure instead of throwing, for events that are retried later. */
    public boolean tryRecord(AuditEvent event) {
        try {
            kafka.send(Topics.AUDIT, event.sessionId(), json.writeValueAsString(event))
                    .get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // send() itself throws when no broker metadata arrives within max.block.ms
            log.warn("audit event {} ({}) not acknowledged: {}", event.id(), event.kind(), e.getClass().getSimpleName());
        }
        return false;
    }

    private static String describe(AuditEvent event) {
        return switch (event.kind()) {
            case CREDENTIAL_ISSUED -> "credential issuance";
            case SECRET_CHANGED -> "secret change";
            default -> event.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
