package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.postgres.lineage.StatementReading;

/**
 * A message forwarded upstream whose answer has not arrived yet, with what its answer needs (the
 * statement, portal, run and masking plan) and the state of the result being answered. The
 * {@link ResponseQueue} keeps them in order so each backend message is attributed to the statement it answers.
 */
final class Pending {

    /** {@code PIN}: one answer to the settings Gatehouse sets again mid-pipeline ({@link SettingsPin}). */
    enum Kind { QUERY, PARSE, BIND, DESCRIBE_STATEMENT, DESCRIBE_PORTAL, EXECUTE, CLOSE, SYNC, PIN }

    final Kind kind;
    final Prepared statement;
    final Portal portal;
    final Execution execution;
    final MaskingPlan plan;
    final Refusal refusal;
    /** The current result set's masker ({@code null} until its columns are known, or nothing to mask). */
    RowMasker masker;
    boolean resultKnown;
    /** Rows of the current result set are dropped and its end replaced by this error. */
    Refusal resultRefusal;
    /** Columns of the current result set sent in binary, of a type that cannot hold text (left as they are). */
    boolean[] binary;
    /** What the statement's text says about masked columns, once asked ({@link SessionLineage}). */
    StatementReading reading;
    /** A result of this statement had fields masked whole: its errors and notices are withheld too. */
    boolean maskedFields;

    Pending(Kind kind, Prepared statement, Portal portal, Execution execution, MaskingPlan plan, Refusal refusal) {
        this.kind = kind;
        this.statement = statement;
        this.portal = portal;
        this.execution = execution;
        this.plan = plan;
        this.refusal = refusal;
    }

    static Pending of(Kind kind) {
        return new Pending(kind, null, null, null, null, null);
    }
}
