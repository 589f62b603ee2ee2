package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Decision;
import dev.gatehouse.proxy.masking.AuditPayloadMasker;
import dev.gatehouse.proxy.masking.AuditPayloadMasker.SqlMasked;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.postgres.lineage.ColumnCatalog;
import dev.gatehouse.proxy.postgres.lineage.WrittenValues;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit copy of a session's statements: the values a statement writes into a column its rule masks
 * are replaced ({@link WrittenValues}), then every detector runs as for any statement. No detector knows
 * {@code ak_live_…}; it is a secret only because it goes into {@code api_key}. A statement whose rule masks
 * no column is not read here at all (the usual case: one flag test). What reaches PostgreSQL is never
 * changed. Per session: the catalog its login loaded, and whether the session has created, altered or
 * dropped something since (then positions of INSERT without a column list are no longer trusted).
 */
final class AuditedWrites {

    // Set on the login's thread and read where the statement's events are built (a reactor thread may
    // follow the policy call): one statement at a time per session, so visibility is all that is needed.
    private volatile ColumnCatalog catalog = ColumnCatalog.UNAVAILABLE;
    private volatile boolean shapeChanged;

    void loaded(ColumnCatalog catalog) {
        this.catalog = catalog;
    }

    /** The statement and its bind parameters ({@code null} for none) as the audit trail records them. */
    SqlMasked mask(String sql, List<String> parameters, Decision decision, Masking masking) {
        AuditPayloadMasker audit = masking.audit();
        if (sql == null || decision == null) {
            return audit.maskSql(sql, parameters);
        }
        WrittenValues written;
        try {
            MaskingPlan plan = masking.plan(decision.masking());
            if (!plan.masksColumns()) {
                return audit.maskSql(sql, parameters);
            }
            written = WrittenValues.of(sql, plan, catalog, !shapeChanged);
        } catch (IllegalArgumentException e) {
            written = WrittenValues.everything(sql); // the rule's directives do not compile: fail closed
        }
        if (written.changesShape()) {
            shapeChanged = true;
        }
        if (written.none()) {
            return audit.maskSql(sql, parameters);
        }
        MaskingCounts counts = new MaskingCounts();
        String text = replaced(sql, written.spans(), audit, counts);
        List<String> values = replaced(parameters, written, audit, counts);
        SqlMasked rest = audit.maskSql(text, values);
        counts.addAll(rest.counts());
        return new SqlMasked(rest.sql(), rest.parameters(), counts);
    }

    private static String replaced(String sql, int[] spans, AuditPayloadMasker audit, MaskingCounts counts) {
        StringBuilder out = new StringBuilder(sql.length());
        int at = 0;
        for (int s = 0; s < spans.length; s += 2) {
            out.append(sql, at, spans[s]).append(audit.maskWhole(content(sql, spans[s], spans[s + 1]), counts));
            at = spans[s + 1];
        }
        return out.append(sql, at, sql.length()).toString();
    }

    /** A plain {@code 'string'}'s value (so it hashes like the same value as a parameter); any other literal as written. */
    private static String content(String sql, int start, int end) {
        if (end - start >= 2 && sql.charAt(start) == '\'' && sql.charAt(end - 1) == '\'') {
            return sql.substring(start + 1, end - 1).replace("''", "'");
        }
        return sql.substring(start, end);
    }

    private static List<String> replaced(List<String> parameters, WrittenValues written, AuditPayloadMasker audit,
                                         MaskingCounts counts) {
        if (parameters == null) {
            return null;
        }
        List<String> out = new ArrayList<>(parameters.size());
        for (int p = 0; p < parameters.size(); p++) {
            String value = parameters.get(p);
            boolean masked = written.everyParameter() || written.parameters().get(p + 1);
            out.add(value != null && masked ? audit.maskWhole(value, counts) : value);
        }
        return out;
    }
}
