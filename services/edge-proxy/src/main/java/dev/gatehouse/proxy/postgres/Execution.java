package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Decision;
import dev.gatehouse.proxy.masking.MaskingCounts;

/** One run of a statement as the audit trail sees it: from its REQUEST event to its RESPONSE event. */
final class Execution {

    final String sql;
    final Decision decision;
    final java.util.UUID approvalId;
    final long startedNanos = System.nanoTime();
    final MaskingCounts masked = new MaskingCounts();
    /** The statement as its REQUEST event recorded it (masked), reused by the RESPONSE: masked once per run. */
    String recordedSql;
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
