package dev.gatehouse.proxy.vault;

import dev.gatehouse.model.Lease;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases per connection, reused until shortly before they expire so most requests cost no vault call.
 * Two requests racing on an empty entry may both fetch; the later lease simply wins.
 */
@Component
public class LeaseCache {

    private final VaultClient vault;
    private final VaultProperties properties;
    private final Clock clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    @Autowired
    LeaseCache(VaultClient vault, VaultProperties properties) {
        this(vault, properties, Clock.systemUTC());
    }

    LeaseCache(VaultClient vault, VaultProperties properties, Clock clock) {
        this.vault = vault;
        this.properties = properties;
        this.clock = clock;
    }

    /** A usable lease for the connection, or a {@link VaultUnavailable} error. */
    public Mono<Lease> lease(String connection) {
        Lease cached = leases.get(connection);
        if (cached != null && fresh(cached)) {
            return Mono.just(cached);
        }
        return vault.lease(connection).doOnNext(lease -> {
            if (lease.expiresAt() != null && fresh(lease)) {
                leases.put(connection, lease);
            } else {
                leases.remove(connection);
            }
        });
    }

    private boolean fresh(Lease lease) {
        return lease.expiresAt() != null
                && lease.expiresAt().minus(properties.refreshBefore()).isAfter(clock.instant());
    }
}
