package dev.gatehouse.vault.mysql;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the vault reaches MariaDB/MySQL targets with their admin credentials: short, so a target that is
 * down turns into a quick 503 (or a retry by the sweeper), as for PostgreSQL.
 *
 * @param connectTimeout TCP connect and login timeout
 * @param socketTimeout  upper bound for one statement's answer
 */
@ConfigurationProperties("gatehouse.vault.mysql")
@Validated
record MysqlTargetProperties(@DefaultValue("5s") @NotNull Duration connectTimeout,
                             @DefaultValue("30s") @NotNull Duration socketTimeout) {
}
