package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.Decision;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.UUID;

/** One statement sent to the database: from its REQUEST event to its RESPONSE event. */
final class MyRun {

    final String sql;
    final Decision decision;
    final UUID approvalId;
    final MaskingPlan plan;
    /** A prepared statement's parameters as text, for the audit trail; null for a plain statement. */
    java.util.List<String> parameters;
    final long startedNanos = System.nanoTime();
    final MaskingCounts masked = new MaskingCounts();
    long rows;
    /** The server's error code and SQLSTATE when it refused the statement. */
    String error;
    boolean finished;

    MyRun(String sql, Decision decision, UUID approvalId, MaskingPlan plan) {
        this.sql = sql;
        this.decision = decision;
        this.approvalId = approvalId;
        this.plan = plan;
    }

    long durationMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
