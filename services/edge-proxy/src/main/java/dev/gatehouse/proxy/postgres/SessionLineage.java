package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.postgres.lineage.ColumnCatalog;
import dev.gatehouse.proxy.postgres.lineage.FieldLineage;
import dev.gatehouse.proxy.postgres.lineage.StatementReading;
import dev.gatehouse.proxy.postgres.wire.Messages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's column lineage: the catalog its login loaded, what each statement's text says about masked
 * columns (read once per statement text: cached on the prepared statement and in a small per-session
 * cache of recent texts, which serves simple queries and unnamed statements parsed again for every run), and one fact that outlives a statement: the session has kept a masked value for
 * later ({@code deferred}: a cursor, a prepared statement, a copy into a table, a view, a setting; every
 * later statement then counts as mentioning). Only statements whose rule masks columns are read at all.
 */
final class SessionLineage {

    private static final int RECENT = 32;

    private record Key(MaskingPlan plan, String sql) {
    }

    private ColumnCatalog catalog = ColumnCatalog.UNAVAILABLE;
    private boolean deferred;
    private boolean lastWithheld;
    private final Map<Key, StatementReading> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, StatementReading> eldest) {
            return size() > RECENT;
        }
    };

    void loaded(ColumnCatalog catalog) {
        this.catalog = catalog;
    }

    /** The fields of this result to mask whole, or {@code null} when the rule masks no column. */
    boolean[] maskWhole(Pending head, List<Messages.Column> columns) {
        MaskingPlan plan = head.plan;
        if (plan == null || !plan.masksColumns()) {
            return null;
        }
        return FieldLineage.maskWhole(columns, plan, catalog.masked(plan), reading(head), deferred);
    }

    /**
     * Whether an error's or a notice's text may carry a masked value ({@code invalid input syntax for type
     * integer: "ak_live_…"}): the statement mentions a masked column or its result had masked fields.
     */
    boolean withholdsText(Pending head) {
        if (head == null || head.plan == null) {
            // After the statement's end (a Sync, or between messages): notifications and reported settings
            // of the statement that just ran arrive here.
            return deferred || lastWithheld;
        }
        return head.plan.masksColumns() && (reading(head).mentions() || head.maskedFields);
    }

    /** A statement's result or error ended: later asynchronous texts are judged by it until the next one. */
    void ended(Pending head) {
        if (head.plan != null) {
            lastWithheld = withholdsText(head);
        }
    }

    /** The statement's reading; records that the session deferred a masked value. */
    StatementReading reading(Pending head) {
        if (head.reading != null) {
            return head.reading;
        }
        MaskingPlan plan = head.plan;
        StatementReading reading;
        if (plan == null || !plan.masksColumns()) {
            reading = StatementReading.NONE;
        } else if (head.statement != null) {
            Prepared statement = head.statement;
            if (statement.reading == null) {
                // an unnamed statement is parsed again for every run (pgjdbc, libpq's extended mode): its text
                // is read once per session all the same
                statement.reading = recent.computeIfAbsent(new Key(plan, statement.sql), k -> read(statement.sql, plan));
            }
            reading = statement.reading;
        } else {
            String sql = head.execution == null ? null : head.execution.sql;
            reading = sql == null ? StatementReading.ALL : recent.computeIfAbsent(new Key(plan, sql), k -> read(sql, plan));
        }
        deferred |= reading.defers();
        head.reading = deferred && !reading.mentions() && plan != null && plan.masksColumns() ? StatementReading.ALL
                : reading;
        return head.reading;
    }

    private StatementReading read(String sql, MaskingPlan plan) {
        return StatementReading.of(sql, plan, catalog.masked(plan));
    }
}
