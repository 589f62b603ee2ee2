package dev.gatehouse.vault.lease;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param ttl           lifetime of a lease (and of a dynamic role) unless its role template says otherwise
 * @param maxTtl        no lease lives, renewals included, longer than this after issuance; caps templates too
 * @param sweepInterval how often expired leases are revoked and unsent revocation events retried
 * @param sweepBatch    leases handled per sweep
 */
@ConfigurationProperties("gatehouse.vault.leases")
@Validated
record LeaseProperties(@DefaultValue("15m") @NotNull Duration ttl,
                       @DefaultValue("1h") @NotNull Duration maxTtl,
                       @DefaultValue("30s") @NotNull Duration sweepInterval,
                       @DefaultValue("100") int sweepBatch) {

    LeaseProperties {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("gatehouse.vault.leases.ttl must be positive");
        }
        if (ttl != null && maxTtl != null && maxTtl.compareTo(ttl) < 0) {
            throw new IllegalArgumentException("gatehouse.vault.leases.max-ttl must not be shorter than "
                    + "gatehouse.vault.leases.ttl");
        }
        if (sweepInterval != null && (sweepInterval.isNegative() || sweepInterval.isZero())) {
            throw new IllegalArgumentException("gatehouse.vault.leases.sweep-interval must be positive");
        }
        if (sweepBatch < 1) {
            throw new IllegalArgumentException("gatehouse.vault.leases.sweep-batch must be at least 1");
        }
    }
}
