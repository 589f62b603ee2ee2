package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Decision;
import dev.gatehouse.proxy.masking.MaskingCounts;

/**
 * One run of a statement as the audit trail sees it: from its REQUEST event to its RESPONSE event, or, for
 * a run whose rule audits it {@code ASYNC} under no approval, one RESPONSE event that also carries what
 * the REQUEST would have ({@link #folded}: the masked parameters and what masking the statement replaced).
 */
final class Execution {

    final String sql;
    final Decision decision;
    final java.util.UUID approvalId;
    final long startedNanos = System.nanoTime();
    final MaskingCounts masked = new MaskingCounts();
    /** The statement as its REQUEST event recorded it (masked), reused by the RESPONSE: masked once per run. */
    String recordedSql;
    /**
     * No REQUEST event was sent: the RESPONSE carries the request part, {@link #recordedPayload}, and
     * {@link #masked} counts what masking replaced in the statement and its parameters as well.
     */
    boolean folded;
    /** The masked bind parameters as JSON, as a REQUEST event's payload would hold them (null: none). */
    String recordedPayload;
    /** The run went to the database (a Query, or an Execute of its portal): it may have had effects. */
    boolean sent;
    long rows;
    String sqlState;
    boolean skipped;
    boolean finished;

    Execution(String sql, Decision decision, java.util.UUID approvalId) {
        this.sql = sql;
        this.decision = decision;
        this.approvalId = approvalId;
    }

    long durationMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
