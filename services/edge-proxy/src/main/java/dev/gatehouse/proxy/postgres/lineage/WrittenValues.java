package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.PgLexer;
import dev.gatehouse.pgsql.Token;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.BitSet;
import java.util.List;

/**
 * The literals and bind parameters of a statement that are written into a masked column, so the audit copy
 * of the statement can replace them ({@code INSERT INTO users VALUES (1, 'Ada', 'ak_live_…')}: the key is a
 * secret only because the rule masks the column it goes into; no detector knows it). Read with the pg-sql
 * lexer, per statement of a simple query: {@code INSERT ... VALUES} (by the column list, or without one by
 * the column order of the login's catalog), {@code UPDATE ... SET}, {@code ON CONFLICT DO UPDATE SET}; a
 * filter ({@code WHERE}) that names a masked column has its literals replaced too. Fails closed: a write
 * whose values cannot be placed (INSERT ... SELECT into a masked column, a CTE, MERGE, COPY, UPDATE ... FROM,
 * a relation the catalog does not know or whose shape changed since login) has every literal and parameter
 * replaced. Reads and writes to relations without masked columns yield nothing.
 *
 * @param spans          sorted, disjoint {@code [start, end)} pairs of the literal tokens to replace
 * @param parameters     the {@code $n} numbers to replace
 * @param everyParameter every bind parameter is replaced (a write that could not be placed)
 * @param changesShape   the statement creates, alters or drops something: positions from the login's catalog
 *                       no longer hold for the rest of the session
 */
public record WrittenValues(int[] spans, BitSet parameters, boolean everyParameter, boolean changesShape) {

    public boolean none() {
        return spans.length == 0 && parameters.isEmpty() && !everyParameter;
    }

    /**
     * @param shapeKnown whether the login's catalog still describes the session's relations (no DDL since)
     */
    public static WrittenValues of(String sql, MaskingPlan plan, ColumnCatalog catalog, boolean shapeKnown) {
        if (!mayWrite(sql)) {
            return NONE; // most statements: one pass over the characters, no lexing
        }
        PgLexer.Result lexed = PgLexer.tokenize(sql, true);
        WriteMarks marks = new WriteMarks();
        MaskedSources sources = catalog.masked(plan);
        boolean changes = read(lexed.tokens(), plan, catalog, sources, shapeKnown, marks);
        if (lexed.conformingStringsSensitive()) {
            // A backslash in a plain string: with standard_conforming_strings off the strings end elsewhere,
            // so the literals of both readings are replaced.
            changes |= read(PgLexer.tokenize(sql, false).tokens(), plan, catalog, sources, shapeKnown, marks);
        }
        return marks.result(changes);
    }

    private static final WrittenValues NONE = new WrittenValues(new int[0], new BitSet(), false, false);

    /** Words every statement that writes a value or changes a relation has (keywords are never escaped). */
    private static final String[] WRITE_WORDS = {"insert", "update", "delete", "merge", "copy", "create", "alter",
            "drop"};

    /** A cheap test before lexing: without any of the words a statement neither writes nor changes a relation. */
    static boolean mayWrite(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = (char) (sql.charAt(i) | 0x20);
            for (String word : WRITE_WORDS) {
                if (word.charAt(0) == c && sql.regionMatches(true, i, word, 0, word.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every literal and parameter: for a statement whose rule could not be compiled. */
    public static WrittenValues everything(String sql) {
        WriteMarks marks = new WriteMarks();
        List<Token> tokens = PgLexer.tokenize(sql, true).tokens();
        marks.all(tokens, 0, tokens.size());
        return marks.result(false);
    }

    private static boolean read(List<Token> tokens, MaskingPlan plan, ColumnCatalog catalog, MaskedSources sources,
                                boolean shapeKnown, WriteMarks marks) {
        boolean changes = false;
        int from = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            if (i < tokens.size() && !tokens.get(i).isPunctuation(";")) {
                continue;
            }
            if (i > from) {
                List<Token> statement = tokens.subList(from, i);
                Token first = statement.get(0);
                if (first.isWord("create") || first.isWord("alter") || first.isWord("drop")) {
                    changes = true;
                } else {
                    WriteClauses clauses = new WriteClauses(statement, plan, catalog, sources, shapeKnown && !changes,
                            marks);
                    if (!clauses.read()) {
                        marks.all(tokens, from, i);
                    }
                }
            }
            from = i + 1;
        }
        return changes;
    }
}
