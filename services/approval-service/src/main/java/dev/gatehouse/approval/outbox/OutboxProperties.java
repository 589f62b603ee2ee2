package dev.gatehouse.approval.outbox;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code gatehouse.approval.events.*}: how often unsent events are re-sent, how long a re-send waits
 * for Kafka (also how old an unsent event must be before the retry takes it over), and how long sent
 * events are kept in the outbox table.
 */
@Validated
@ConfigurationProperties("gatehouse.approval.events")
record OutboxProperties(@NotNull @DefaultValue("5s") Duration retryInterval,
                        @NotNull @DefaultValue("5s") Duration ackTimeout,
                        @NotNull @DefaultValue("1d") Duration keepSent) {
}
