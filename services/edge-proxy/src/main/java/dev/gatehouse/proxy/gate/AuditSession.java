package dev.gatehouse.proxy.gate;

import dev.gatehouse.model.Ids;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One audit session's numbering (docs/adapter-contract.md, "Sequence numbers"): every event of the
 * session, whoever writes it (the proxy, approval-service, the vault), takes the next number, so a
 * replay sorted by seq is the order things happened. approval-service numbers its own events after
 * the proxy's last one and reports the last number it used; {@link #atLeast} continues after it.
 */
public final class AuditSession {

    private final String id;
    private final AtomicLong seq;

    private AuditSession(String id, long last) {
        this.id = id;
        this.seq = new AtomicLong(last);
    }

    /** A new session (an HTTP request, a PostgreSQL connection): its first event is seq 1. */
    public static AuditSession fresh() {
        return new AuditSession(Ids.uuidV7().toString(), 0);
    }

    /** An existing session (say an approval's) whose last used number is {@code last}. */
    public static AuditSession of(String id, long last) {
        return new AuditSession(id, last);
    }

    public String id() {
        return id;
    }

    /** Takes the next number. */
    public long next() {
        return seq.incrementAndGet();
    }

    /** The last number taken. */
    public long last() {
        return seq.get();
    }

    /**
     * The number the session's next event will take, without taking it: for an event another service
     * writes just before it (the vault's CREDENTIAL_ISSUED), which then sorts with it, ordered by time.
     * Taking a number instead would shift the REQUEST and RESPONSE numbers approval-service reserved.
     */
    public long upcoming() {
        return seq.get() + 1;
    }

    /** Another writer used numbers up to {@code value}: continue after them. */
    public void atLeast(long value) {
        seq.accumulateAndGet(value, Math::max);
    }
}
