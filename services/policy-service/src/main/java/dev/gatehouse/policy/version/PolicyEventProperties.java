package dev.gatehouse.policy.version;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code gatehouse.policy.events.*}: how long the outbox waits for Kafka's acknowledgement of an event
 * (also how old an unsent event must be before a retry round takes it over), how often the outbox
 * re-sends events not yet acknowledged, and how long sent events are kept in {@code policy_outbox}.
 */
@Validated
@ConfigurationProperties("gatehouse.policy.events")
record PolicyEventProperties(@NotNull @DefaultValue("5s") Duration ackTimeout,
                             @NotNull @DefaultValue("5s") Duration retryInterval,
                             @NotNull @DefaultValue("1d") Duration keepSent) {
}
