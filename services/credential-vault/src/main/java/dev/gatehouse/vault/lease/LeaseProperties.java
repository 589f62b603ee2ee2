package dev.gatehouse.vault.lease;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** @param ttl how long a leased credential may be used (and cached by the proxy) */
@ConfigurationProperties("gatehouse.vault.leases")
@Validated
record LeaseProperties(@DefaultValue("15m") @NotNull Duration ttl) {

    LeaseProperties {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("gatehouse.vault.leases.ttl must be positive");
        }
    }
}
