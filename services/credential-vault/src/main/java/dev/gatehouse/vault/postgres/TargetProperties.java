package dev.gatehouse.vault.postgres;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the vault reaches target databases with their admin credentials. Short on purpose: a target that
 * is down must turn into a quick 503 (or a retry by the sweeper), not a request thread stuck for minutes.
 *
 * @param connectTimeout   TCP connect and login timeout
 * @param socketTimeout    upper bound for one statement's answer
 * @param terminateTimeout how long {@code pg_terminate_backend} waits for a session to end (PostgreSQL 14+)
 */
@ConfigurationProperties("gatehouse.vault.postgres")
@Validated
record TargetProperties(@DefaultValue("5s") @NotNull Duration connectTimeout,
                        @DefaultValue("30s") @NotNull Duration socketTimeout,
                        @DefaultValue("5s") @NotNull Duration terminateTimeout) {
}
