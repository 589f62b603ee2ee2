package dev.gatehouse.proxy.audit;

/** What AuditPublisher signals, for tests of its callers in other packages (the constructor stays package-private). */
public final class AuditFailures {

    private AuditFailures() {
    }

    public static AuditNotAcknowledged notAcknowledged() {
        return new AuditNotAcknowledged("audit event not acknowledged within 5s", null);
    }
}
