package dev.gatehouse.policy.decision;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code gatehouse.policy.snapshot.refresh-interval}: how often the snapshot is rebuilt from the
 * database to pick up writes made through other replicas (writes through this one apply at once).
 */
@Validated
@ConfigurationProperties("gatehouse.policy.snapshot")
record SnapshotProperties(@NotNull @DefaultValue("30s") Duration refreshInterval) {
}
