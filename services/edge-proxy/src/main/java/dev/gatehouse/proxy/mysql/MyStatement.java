package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.Decision;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.BitSet;
import java.util.UUID;

/** A server-side prepared statement the proxy let through: the decision its prepare got, and its state. */
final class MyStatement {

    /** The database's statement id (relayed to the client as it is). */
    final long id;
    final String sql;
    final Decision decision;
    final MaskingPlan plan;
    final int parameterCount;
    /** The approval its prepare was held for; it covers the first execute, each later one is reviewed anew. */
    UUID approvalId;
    boolean approvalUsed;
    /** The parameter types the last execute bound (an execute may leave them out to reuse them). */
    int[] types;
    /** Parameters sent as COM_STMT_SEND_LONG_DATA since the last execute (their values are not in it). */
    final BitSet longData = new BitSet();
    /** The columns of the cursor the last execute opened; null when none is open. */
    ResultColumns cursor;

    MyStatement(long id, String sql, Decision decision, MaskingPlan plan, int parameterCount, UUID approvalId) {
        this.id = id;
        this.sql = sql;
        this.decision = decision;
        this.plan = plan;
        this.parameterCount = parameterCount;
        this.approvalId = approvalId;
    }
}
