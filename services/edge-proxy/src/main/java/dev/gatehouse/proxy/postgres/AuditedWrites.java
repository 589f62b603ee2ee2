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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit copy of a session's statements: the values a statement writes into a column its rule masks
 * are replaced ({@link WrittenValues}), then every detector runs as for any statement. No detector knows
 * {@code ak_live_…}; it is a secret only because it goes into {@code api_key}. A statement whose rule masks
 * no column is not read here at all (the usual case: one flag test). What reaches PostgreSQL is never
 * changed. Per session: the catalog its login loaded, and whether the session has created, altered or
 * dropped something since (then positions of INSERT without a column list are no longer trusted).
 */
final class AuditedWrites {

    /** Distinct statement texts whose audit copy a session keeps; past this the cache starts over. */
    static final int CACHED_TEXTS = 256;
    /** Longer texts are not kept: the cache must not let a client grow the proxy's memory by much. */
    static final int CACHED_TEXT_CHARS = 8 * 1024;

    // Set on the login's thread and read where the statement's events are built (a reactor thread may
    // follow the policy call): one statement at a time per session, so visibility is all that is needed.
    private volatile ColumnCatalog catalog = ColumnCatalog.UNAVAILABLE;
    private volatile boolean shapeChanged;
    /** Bumped whenever what a text's audit copy depends on (catalog, trusted shape) changes. */
    private volatile int generation;
    private final Map<String, TextPart> texts = new HashMap<>();

    /** A statement text as recorded, with what masking replaced in it and which values it writes where. */
    private record TextPart(String sql, MaskingCounts counts, WrittenValues written, MaskingPlan plan, int generation) {
    }

    void loaded(ColumnCatalog catalog) {
        this.catalog = catalog;
        generation++;
    }

    /**
     * The statement and its bind parameters ({@code null} for none) as the audit trail records them. A
     * text with parameters (the extended protocol: a prepared statement run again and again) is read and
     * masked once per session and plan; only the parameters are masked on every run.
     */
    SqlMasked mask(String sql, List<String> parameters, Decision decision, Masking masking) {
        AuditPayloadMasker audit = masking.audit();
        if (sql == null || decision == null) {
            return audit.maskSql(sql, parameters);
        }
        MaskingPlan plan;
        try {
            plan = masking.plan(decision.masking());
        } catch (IllegalArgumentException e) {
            plan = null; // the rule's directives do not compile: every value is masked (fail closed)
        }
        TextPart text = parameters == null || sql.length() > CACHED_TEXT_CHARS ? part(sql, plan, audit)
                : cachedPart(sql, plan, audit);
        MaskingCounts counts = new MaskingCounts();
        counts.addAll(text.counts());
        List<String> values = text.written() == null ? parameters : replaced(parameters, text.written(), audit, counts);
        SqlMasked rest = audit.maskSql(null, values);
        counts.addAll(rest.counts());
        return new SqlMasked(text.sql(), rest.parameters(), counts);
    }

    private synchronized TextPart cachedPart(String sql, MaskingPlan plan, AuditPayloadMasker audit) {
        TextPart known = texts.get(sql);
        if (known != null && known.plan() == plan && known.generation() == generation) {
            return known;
        }
        if (texts.size() >= CACHED_TEXTS) {
            texts.clear();
        }
        TextPart text = part(sql, plan, audit);
        texts.put(sql, text);
        return text;
    }

    private TextPart part(String sql, MaskingPlan plan, AuditPayloadMasker audit) {
        int at = generation;
        WrittenValues written;
        try {
            written = plan == null ? WrittenValues.everything(sql)
                    : plan.masksColumns() ? WrittenValues.of(sql, plan, catalog, !shapeChanged) : null;
        } catch (IllegalArgumentException e) {
            written = WrittenValues.everything(sql); // fail closed
        }
        if (written != null && written.changesShape() && !shapeChanged) {
            shapeChanged = true;
            at = ++generation;
        }
        if (written == null || written.none()) {
            SqlMasked text = audit.maskSql(sql, null);
            return new TextPart(text.sql(), text.counts(), null, plan, at);
        }
        MaskingCounts counts = new MaskingCounts();
        SqlMasked rest = audit.maskSql(replaced(sql, written.spans(), audit, counts), null);
        counts.addAll(rest.counts());
        return new TextPart(rest.sql(), counts, written, plan, at);
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
