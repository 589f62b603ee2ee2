package dev.gatehouse.proxy.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * @param url     policy-service base URL
 * @param timeout upper bound for one decision, token fetch included
 * @param cache   the decision cache
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.policy")
public record PolicyProperties(@NotNull URI url, Duration timeout, @Valid Cache cache) {

    public PolicyProperties {
        url = url == null ? URI.create("http://localhost:8081") : url;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        cache = cache == null ? new Cache(null, null, null) : cache;
    }

    /**
     * @param enabled    off only to debug policies: every operation then asks policy-service
     * @param ttl        how long a decision is reused at most. Policy changes drop the cache at once
     *                   (Kafka {@code gatehouse.policy.v1}); the TTL bounds staleness if that event is lost.
     * @param maxEntries bound on memory
     */
    record Cache(Boolean enabled, Duration ttl, Integer maxEntries) {
        Cache {
            enabled = enabled == null || enabled;
            ttl = ttl == null ? Duration.ofSeconds(60) : ttl;
            maxEntries = maxEntries == null ? 10_000 : maxEntries;
        }
    }
}
