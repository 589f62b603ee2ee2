package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.CallerIdentity;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent sessions per caller identity and per connection, counted on this replica. Every session
 * costs the target a freshly minted login role and a backend process, so one stolen or runaway CI token
 * must not be able to open them without end. A session is admitted before its lease is asked for and
 * leaves when its client connection closes.
 */
final class SessionLimits {

    private final int perIdentity;
    private final int perConnection;
    private final ConcurrentHashMap<String, AtomicInteger> identities = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();

    SessionLimits(int perIdentity, int perConnection) {
        this.perIdentity = perIdentity;
        this.perConnection = perConnection;
    }

    /** A session's place, or why there is none; {@link Admission#leave()} gives it back once. */
    Admission admit(CallerIdentity identity, String connection) {
        String caller = identity.issuer() + " " + identity.subject();
        if (!take(identities, caller, perIdentity)) {
            return new Admission(null, "too many concurrent Gatehouse sessions for this caller (limit " + perIdentity
                    + "); close one first");
        }
        if (!take(connections, connection, perConnection)) {
            give(identities, caller);
            return new Admission(null, "too many concurrent Gatehouse sessions on connection \"" + connection
                    + "\" (limit " + perConnection + "); try again later");
        }
        return new Admission(() -> {
            give(identities, caller);
            give(connections, connection);
        }, null);
    }

    private static boolean take(ConcurrentHashMap<String, AtomicInteger> counts, String key, int limit) {
        boolean[] taken = {false};
        counts.compute(key, (k, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < limit) {
                current.incrementAndGet();
                taken[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return taken[0];
    }

    /** Drops the key at zero, so callers that come and go leave nothing behind. */
    private static void give(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    int sessionsOf(CallerIdentity identity) {
        AtomicInteger count = identities.get(identity.issuer() + " " + identity.subject());
        return count == null ? 0 : count.get();
    }

    static final class Admission {

        private Runnable release;
        final String refusal;

        private Admission(Runnable release, String refusal) {
            this.release = release;
            this.refusal = refusal;
        }

        boolean admitted() {
            return refusal == null;
        }

        synchronized void leave() {
            if (release != null) {
                release.run();
                release = null;
            }
        }
    }
}
