package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.at;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.name;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.operand;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.punctuation;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.reserved;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.word;

/**
 * Constructs that carry a relation's columns into a statement without naming them, so naming no masked
 * column proves nothing: a {@code *} expansion ({@code SELECT *}, {@code u.*}, {@code ROW(u.*)}),
 * {@code TABLE users}, a column-alias list that renames by position ({@code users AS x(a, b, c)},
 * {@code WITH c(k) AS}), and a whole-row reference ({@code to_jsonb(u)}, {@code u::text},
 * {@code row_to_json(users)}; see {@link WholeRows}). Only asked when the statement names a relation
 * holding a masked column. Every doubt counts as hiding: the cost of a false positive is masking an
 * expression whole, the cost of a miss is a secret in clear.
 */
final class HiddenColumns {

    /** Words before TABLE in statements that name a table rather than read it ({@code ALTER TABLE}). */
    private static final Set<String> TABLE_NAMED_AFTER = Set.of("alter", "lock", "create", "truncate", "drop", "temp",
            "temporary", "unlogged", "foreign", "global", "local", "on", "reindex", "comment", "add", "for", "label");

    private HiddenColumns() {
    }

    static boolean in(List<Token> tokens, MaskedSources sources) {
        int[] partners = partners(tokens);
        if (partners == null) {
            return true; // unbalanced: PostgreSQL would refuse it, but the scan cannot reason about it
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (star(tokens, i) || tableExpansion(tokens, i) || aliasList(tokens, partners, i)) {
                return true;
            }
        }
        return WholeRows.used(tokens, partners, sources);
    }

    /** {@code *} that expands columns, not the one of {@code count(*)} nor a multiplication. */
    static boolean star(List<Token> t, int i) {
        Token token = t.get(i);
        if (token.type() != Token.Type.OPERATOR || !token.value().equals("*")) {
            return false;
        }
        Token before = at(t, i - 1);
        Token after = at(t, i + 1);
        if (punctuation(before, "(") && punctuation(after, ")")) {
            return false;
        }
        return before == null || punctuation(before, ".") || punctuation(before, ",") || reserved(before)
                || !operand(after);
    }

    private static boolean tableExpansion(List<Token> t, int i) {
        if (!word(t.get(i), "table") || !name(at(t, i + 1))) {
            return false;
        }
        Token before = at(t, i - 1);
        return before == null || before.type() != Token.Type.WORD || !TABLE_NAMED_AFTER.contains(before.value());
    }

    /**
     * {@code x(a, b, c)} renaming columns by position: a parenthesised list of bare names after an alias
     * ({@code AS x(}, {@code users x(}, {@code ) x(}, {@code users * x(}), or before {@code AS (} (a CTE).
     * Function calls look alike, but an argument list of bare names after a name or a parenthesis is rare.
     */
    static boolean aliasList(List<Token> t, int[] partners, int i) {
        if (!punctuation(t.get(i), "(") || !name(at(t, i - 1)) || !namesOnly(t, i + 1, partners[i])
                || StatementKinds.insertColumns(t, i)) {
            return false; // INSERT INTO t AS x (a, b) lists the columns it fills
        }
        Token before = at(t, i - 2);
        if (word(before, "as")) {
            return true;
        }
        boolean afterRelation = name(before) && !word(before, "by") || punctuation(before, ")")
                || before != null && before.type() == Token.Type.OPERATOR && before.value().equals("*");
        return afterRelation || cteColumns(t, partners[i]);
    }

    /** {@code name(a, b) AS (}, {@code AS MATERIALIZED (}, {@code AS NOT MATERIALIZED (}. */
    static boolean cteColumns(List<Token> t, int close) {
        Token next = at(t, close + 2);
        return word(at(t, close + 1), "as")
                && (punctuation(next, "(") || word(next, "materialized") || word(next, "not"));
    }

    private static boolean namesOnly(List<Token> t, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int k = from; k < to; k++) {
            boolean ok = (k - from) % 2 == 0 ? name(t.get(k)) : punctuation(t.get(k), ",");
            if (!ok) {
                return false;
            }
        }
        return (to - from) % 2 == 1;
    }

    /** For each parenthesis the index of its partner, or {@code null} when they do not balance. */
    static int[] partners(List<Token> t) {
        int[] partners = new int[t.size()];
        ArrayDeque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < t.size(); i++) {
            if (punctuation(t.get(i), "(")) {
                open.push(i);
            } else if (punctuation(t.get(i), ")")) {
                if (open.isEmpty()) {
                    return null;
                }
                int o = open.pop();
                partners[o] = i;
                partners[i] = o;
            }
        }
        return open.isEmpty() ? partners : null;
    }
}
