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
 * @param concurrency consumers per replica (at most the topic's partition count is useful)
 */
@Validated
@ConfigurationProperties("gatehouse.audit.ingest")
record AuditIngestProperties(@DefaultValue("gatehouse-audit") @NotBlank String groupId,
                             @DefaultValue("1") @Min(1) @Max(64) int concurrency) {
}
