package dev.gatehouse.policy.decision;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code gatehouse.policy.snapshot.refresh-interval}: how often this instance checks the active
 * version number, to pick up versions activated through other replicas (its own apply at once).
 */
@Validated
@ConfigurationProperties("gatehouse.policy.snapshot")
record SnapshotProperties(@NotNull @DefaultValue("2s") Duration refreshInterval) {
}
