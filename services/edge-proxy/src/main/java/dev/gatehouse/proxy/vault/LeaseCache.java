package dev.gatehouse.proxy.vault;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Lease;
import dev.gatehouse.model.LeaseRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases, reused until shortly before they expire so most requests cost no vault call. A static secret
 * is one lease per connection, shared by every caller. A dynamic database credential is minted per
 * lease, so it is kept per (connection, caller session): the audit trail then ties a database role to
 * one CI run. Near expiry a dynamic lease is renewed (same role, later VALID UNTIL) while the vault
 * allows, otherwise a new lease is taken. Concurrent requests for the same key share one vault call,
 * so a burst at session start mints one role, not several.
 */
@Component
public class LeaseCache {

    private static final Logger log = LoggerFactory.getLogger(LeaseCache.class);

    private final VaultClient vault;
    private final VaultProperties properties;
    private final Clock clock;
    private final Map<String, Entry> shared = new ConcurrentHashMap<>();
    private final Map<SessionKey, Entry> sessions = new ConcurrentHashMap<>();
    private final Set<String> dynamicConnections = ConcurrentHashMap.newKeySet();
    private final Map<Object, Mono<Entry>> inFlight = new ConcurrentHashMap<>();

    @Autowired
    LeaseCache(VaultClient vault, VaultProperties properties) {
        this(vault, properties, Clock.systemUTC());
    }

    LeaseCache(VaultClient vault, VaultProperties properties, Clock clock) {
        this.vault = vault;
        this.properties = properties;
        this.clock = clock;
    }

    /** A usable lease for the connection, shared by all callers; or a {@link VaultUnavailable} error. */
    public Mono<Lease> lease(String connection) {
        return lease(connection, null, null);
    }

    /**
     * A usable lease for this caller session: the connection's shared lease for a static secret, the
     * session's own for a dynamic one. {@code sessionId} and {@code caller} go to the vault's audit.
     */
    public Mono<Lease> lease(String connection, String sessionId, CallerIdentity caller) {
        return lease(connection, sessionId, caller, 0);
    }

    /**
     * As {@link #lease(String, String, CallerIdentity)}; a lease the vault issues now is recorded as event
     * {@code seq} of the session (the gate's {@code AuditSession.upcoming()}), so it sorts where it happened.
     */
    public Mono<Lease> lease(String connection, String sessionId, CallerIdentity caller, long seq) {
        boolean perSession = sessionId != null && dynamicConnections.contains(connection);
        Entry cached = perSession ? sessions.get(new SessionKey(connection, sessionId)) : shared.get(connection);
        if (cached != null && fresh(cached)) {
            return Mono.just(cached.lease());
        }
        LeaseRequest request = new LeaseRequest(connection, sessionId, caller, seq > 0 ? seq : null);
        Mono<Entry> next = cached != null && renewable(cached)
                ? renew(cached).onErrorResume(e -> fetch(request))
                : fetch(request);
        // A vault that is briefly away during the refresh window costs nothing: the lease is still valid.
        return next.map(Entry::lease).onErrorResume(VaultUnavailable.class, e -> cached != null && valid(cached)
                ? Mono.just(cached.lease()) : Mono.error(e));
    }

    /**
     * Ends the dynamic leases of a finished session at once (the vault drops their roles and kills what
     * is still connected with them). Never fails: what the vault misses now, its sweeper ends at expiry.
     */
    public Mono<Void> releaseSession(String sessionId) {
        List<Entry> released = sessions.keySet().stream().filter(key -> key.sessionId().equals(sessionId))
                .map(sessions::remove).filter(java.util.Objects::nonNull).toList();
        return Flux.fromIterable(released)
                .flatMap(entry -> vault.revoke(entry.lease().leaseId())
                        .onErrorResume(e -> {
                            log.warn("{}", e.getMessage());
                            return Mono.empty();
                        }))
                .then();
    }

    /**
     * Renews every per-session lease that is about to expire and forgets expired ones; run in the
     * background by {@link LeaseRenewalSchedule} so an idle database session keeps its role.
     */
    Mono<Void> renewDue() {
        shared.values().removeIf(entry -> !valid(entry));
        sessions.values().removeIf(entry -> !valid(entry));
        return Flux.fromIterable(List.copyOf(sessions.values()))
                .filter(entry -> !fresh(entry) && renewable(entry))
                .flatMap(entry -> renew(entry).onErrorResume(e -> {
                    log.warn("{}", e.getMessage());
                    return Mono.empty();
                }))
                .then();
    }

    private Mono<Entry> fetch(LeaseRequest request) {
        // Keyed by session whenever there is one: two sessions must never share a freshly minted role.
        Object key = request.sessionId() == null || knownStatic(request.connection()) ? request.connection()
                : new SessionKey(request.connection(), request.sessionId());
        return inFlight.computeIfAbsent(key, k -> vault.lease(request)
                .map(leased -> new Entry(request.connection(), toLease(leased), leased.isDynamic(),
                        leased.renewableUntil(), leased.isDynamic() ? request.sessionId() : null))
                .doOnNext(this::store)
                .transform(mono -> forgetWhenDone(mono, k))
                .cache());
    }

    /**
     * Drops the in-flight entry before the result reaches anyone (a valued Mono's terminal hook runs before
     * its onNext goes downstream): a caller that moves on at once must not find the finished call again.
     */
    private Mono<Entry> forgetWhenDone(Mono<Entry> mono, Object key) {
        return mono.doOnTerminate(() -> inFlight.remove(key)).doFinally(signal -> inFlight.remove(key));
    }

    private Mono<Entry> renew(Entry entry) {
        return inFlight.computeIfAbsent(new RenewalKey(entry.lease().leaseId()), k -> vault.renew(entry.lease().leaseId())
                .map(status -> entry.renewedUntil(status.expiresAt()))
                .filter(this::fresh)
                .switchIfEmpty(Mono.error(() -> new VaultUnavailable("lease " + entry.lease().leaseId()
                        + " cannot be renewed any further", null)))
                .doOnNext(this::store)
                .transform(mono -> forgetWhenDone(mono, k))
                .cache());
    }

    private void store(Entry entry) {
        String connection = entry.connection();
        if (!entry.dynamic()) {
            dynamicConnections.remove(connection);
            put(shared, connection, entry);
        } else if (entry.sessionId() == null) {
            put(shared, connection, entry);
        } else {
            dynamicConnections.add(connection);
            shared.remove(connection);
            put(sessions, new SessionKey(connection, entry.sessionId()), entry);
        }
    }

    private <K> void put(Map<K, Entry> map, K key, Entry entry) {
        if (fresh(entry)) {
            map.put(key, entry);
        } else {
            map.remove(key);
        }
    }

    private boolean knownStatic(String connection) {
        return shared.containsKey(connection) && !dynamicConnections.contains(connection);
    }

    private boolean fresh(Entry entry) {
        return entry.lease().expiresAt().minus(properties.refreshBefore()).isAfter(clock.instant());
    }

    private boolean valid(Entry entry) {
        return entry.lease().expiresAt().isAfter(clock.instant());
    }

    private boolean renewable(Entry entry) {
        Instant expiresAt = entry.lease().expiresAt();
        return entry.dynamic() && entry.renewableUntil() != null && entry.renewableUntil().isAfter(expiresAt)
                && expiresAt.isAfter(clock.instant());
    }

    private static Lease toLease(VaultLease leased) {
        try {
            return leased.toLease();
        } catch (IllegalStateException e) {
            throw new VaultUnavailable("no lease for connection " + leased.connection() + ": " + e.getMessage(), e);
        }
    }

    private record SessionKey(String connection, String sessionId) {
    }

    private record RenewalKey(String leaseId) {
    }

    /**
     * A cached lease under the connection it was asked for (whatever name the vault's answer carries, the
     * cache is looked up by the requested one); {@code sessionId} is set for a dynamic lease held for one session.
     */
    private record Entry(String connection, Lease lease, boolean dynamic, Instant renewableUntil, String sessionId) {

        Entry renewedUntil(Instant expiresAt) {
            Lease old = lease;
            return new Entry(connection, new Lease(old.leaseId(), old.connection(), old.credential(), expiresAt), dynamic,
                    renewableUntil, sessionId);
        }
    }
}
