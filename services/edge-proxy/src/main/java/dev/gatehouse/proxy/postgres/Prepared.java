package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Decision;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.postgres.lineage.StatementReading;
import dev.gatehouse.proxy.postgres.wire.Messages;

import java.util.List;

/** A statement the client parsed, with the decision made at its Parse. */
final class Prepared {

    final String sql;
    final Decision decision;
    final MaskingPlan plan;
    final Refusal refusal;
    java.util.UUID approvalId;
    /** The approval has run this statement once: another run needs it again (a window) or a new one. */
    boolean approvalUsed;
    List<Messages.Column> description;
    /** Read once, at its first result ({@link SessionLineage}); the plan and the session's catalog are fixed. */
    StatementReading reading;

    Prepared(String sql, Decision decision, MaskingPlan plan, Refusal refusal) {
        this.sql = sql;
        this.decision = decision;
        this.plan = plan;
        this.refusal = refusal;
    }
}
