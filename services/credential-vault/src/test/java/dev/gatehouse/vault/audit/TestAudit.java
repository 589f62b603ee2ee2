package dev.gatehouse.vault.audit;

import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/** Real {@link AuditTrail} and {@link VaultEvents} around a given (usually mocked) Kafka template. */
public final class TestAudit {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestAudit() {
    }

    public static AuditTrail trail(KafkaTemplate<String, String> kafka) {
        return new AuditTrail(kafka, JSON, new AuditProperties(Duration.ofMillis(200)));
    }

    public static VaultEvents events() {
        return new VaultEvents(JSON);
    }
}
