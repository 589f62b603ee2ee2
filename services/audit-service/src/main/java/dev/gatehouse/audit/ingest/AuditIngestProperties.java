package dev.gatehouse.audit.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param groupId     the Kafka consumer group; every audit-service replica shares it, so each event is
 *                    stored by exactly one of them
 * @param concurrency  consumers per replica (at most the topic's partition count is useful)
 * @param stageThreads helper threads that parse and stage a poll's records while the listener's thread
 *                     writes what is staged (0: the listener's thread stages the whole poll first);
 *                     unset: one per available processor, at most 4
 */
@Validated
@ConfigurationProperties("gatehouse.audit.ingest")
record AuditIngestProperties(@DefaultValue("gatehouse-audit") @NotBlank String groupId,
                             @DefaultValue("1") @Min(1) @Max(64) int concurrency,
                             @Min(0) @Max(64) Integer stageThreads) {

    AuditIngestProperties {
        if (stageThreads == null) {
            stageThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
        }
    }
}
