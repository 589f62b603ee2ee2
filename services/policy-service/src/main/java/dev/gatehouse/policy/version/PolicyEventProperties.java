package dev.gatehouse.policy.version;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code gatehouse.policy.events.*}: how long a change waits for Kafka's acknowledgement of its events
 * before it is left to the outbox, and how often the outbox re-sends versions not yet acknowledged.
 */
@Validated
@ConfigurationProperties("gatehouse.policy.events")
record PolicyEventProperties(@NotNull @DefaultValue("5s") Duration ackTimeout,
                             @NotNull @DefaultValue("5s") Duration retryInterval) {
}
