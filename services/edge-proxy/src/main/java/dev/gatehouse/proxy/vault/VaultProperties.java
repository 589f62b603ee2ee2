package dev.gatehouse.proxy.vault;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * @param url             credential-vault base URL
 * @param timeout         upper bound for one vault call, token fetch included
 * @param refreshBefore   a cached lease is renewed (dynamic) or replaced (static) this long before it expires
 * @param renewalInterval how often per-session database leases are checked and renewed in the background,
 *                        so a long database session keeps its role while it has nothing to ask
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.vault")
record VaultProperties(@NotNull URI url, Duration timeout, Duration refreshBefore, Duration renewalInterval) {

    VaultProperties {
        url = url == null ? URI.create("http://localhost:8084") : url;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        refreshBefore = refreshBefore == null ? Duration.ofSeconds(30) : refreshBefore;
        renewalInterval = renewalInterval == null ? Duration.ofSeconds(10) : renewalInterval;
    }
}
