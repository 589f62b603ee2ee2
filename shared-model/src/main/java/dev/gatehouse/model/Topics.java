package dev.gatehouse.model;

/** Kafka topic names (contract, docs/architecture.md §4 and §5). */
public final class Topics {

    /** Every request, decision and response event; key = session id. */
    public static final String AUDIT = "gatehouse.audit.v1";

    /** Approval decisions, broadcast to every edge-proxy replica. */
    public static final String APPROVALS = "gatehouse.approvals.v1";

    /** {@link PolicyChanged} events, broadcast to every edge-proxy replica; key = policy version. */
    public static final String POLICY = "gatehouse.policy.v1";

    private Topics() {
    }
}
