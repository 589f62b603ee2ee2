package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.at;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.folded;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.identifier;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.name;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.punctuation;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.word;

/**
 * Whole-row references: a relation name or an alias used as a value ({@code to_jsonb(u)}, {@code u::text},
 * {@code json_agg(users)}) rather than in a FROM list or as the qualifier of a column ({@code u.id}).
 * The row names are the masked relations the statement names, their aliases, CTE names and FROM-subquery
 * aliases; a light clause tracker (per parenthesis level: is this a query, is it in its FROM list) tells
 * a FROM-list mention from a use.
 */
final class WholeRows {

    /** Words that end a FROM list (or precede none) at their level. */
    private static final Set<String> CLAUSES = Set.of("select", "values", "where", "on", "having", "group", "order",
            "limit", "offset", "window", "returning", "set", "union", "intersect", "except", "fetch", "for", "when",
            "then", "else");
    private static final Set<String> QUERIES = Set.of("select", "values", "with", "delete", "insert", "merge", "table");

    private static final class Level {
        boolean query;
        boolean from;

        Level(boolean query, boolean from) {
            this.query = query;
            this.from = from;
        }
    }

    private WholeRows() {
    }

    static boolean used(List<Token> t, int[] partners, MaskedSources sources) {
        boolean[] definitions = new boolean[t.size()];
        Set<String> rows = rowNames(t, partners, sources, definitions);
        if (rows.isEmpty()) {
            return false;
        }
        ArrayDeque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(true, false));
        for (int i = 0; i < t.size(); i++) {
            Token token = t.get(i);
            if (punctuation(token, "(")) {
                Token before = at(t, i - 1);
                boolean fromItem = levels.peek().from && (word(before, "from") || word(before, "join")
                        || word(before, "lateral") || punctuation(before, ",") || punctuation(before, "("));
                levels.push(new Level(fromItem, fromItem));
            } else if (punctuation(token, ")")) {
                if (levels.size() > 1) {
                    levels.pop();
                }
            } else if (punctuation(token, ";")) {
                levels.clear();
                levels.push(new Level(true, false));
            } else if (token.type() == Token.Type.WORD) {
                clause(t, i, levels.peek());
            }
            if (identifier(token) && !definitions[i] && rows.contains(folded(token)) && use(t, i, levels.peek())) {
                return true;
            }
        }
        return false;
    }

    private static boolean use(List<Token> t, int i, Level level) {
        Token after = at(t, i + 1);
        if (punctuation(after, ".") && identifier(at(t, i + 2))) {
            return false; // u.id: a qualifier (u.* is a star, found elsewhere)
        }
        if (punctuation(after, "(")) {
            return false; // a function call or an alias list (found elsewhere)
        }
        return !level.from;
    }

    private static void clause(List<Token> t, int i, Level level) {
        String word = t.get(i).value();
        Token before = at(t, i - 1);
        if (QUERIES.contains(word)) {
            level.query = true;
        }
        if (CLAUSES.contains(word)) {
            level.from = false;
        } else if (word.equals("from") && level.query && !(word(before, "distinct")
                && (word(at(t, i - 2), "is") || word(at(t, i - 2), "not")))) {
            level.from = true; // not x IS DISTINCT FROM y
        } else if ((word.equals("join") || word.equals("into")) && level.query) {
            level.from = true;
        } else if (word.equals("using") && level.query && !punctuation(at(t, i + 1), "(")) {
            level.from = true; // DELETE ... USING t, not JOIN ... USING (id)
        } else if (word.equals("update") && level.query && (before == null || punctuation(before, ")")
                || punctuation(before, ";"))) {
            level.from = true; // UPDATE t at a statement's start, not FOR UPDATE or DO UPDATE
        }
    }

    /** Masked relations the statement names, CTE names, FROM-subquery aliases, and the aliases of all of these. */
    private static Set<String> rowNames(List<Token> t, int[] partners, MaskedSources sources, boolean[] definitions) {
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            Token token = t.get(i);
            if (identifier(token) && sources.namesMaskedRelation(folded(token))) {
                rows.add(folded(token));
            } else if (name(token) && cteName(t, partners, i)) {
                rows.add(folded(token));
                definitions[i] = true;
            } else if (punctuation(token, ")") && fromSubquery(t, partners[i])) {
                alias(t, i + 1, rows, definitions);
            }
        }
        if (rows.isEmpty()) {
            return rows;
        }
        for (int round = 0; round < 4; round++) { // aliases of aliases: FROM c x, where c is a CTE
            int before = rows.size();
            for (int i = 0; i < t.size(); i++) {
                if (identifier(t.get(i)) && !definitions[i] && rows.contains(folded(t.get(i)))) {
                    alias(t, i + 1, rows, definitions);
                }
            }
            if (rows.size() == before) {
                break;
            }
        }
        return rows;
    }

    /** The alias at {@code at} (after an optional AS, or the legacy {@code *} of {@code users * x}). */
    private static void alias(List<Token> t, int at, Set<String> rows, boolean[] definitions) {
        int a = word(at(t, at), "as") || isStar(at(t, at)) ? at + 1 : at;
        if (name(at(t, a))) {
            rows.add(folded(t.get(a)));
            definitions[a] = true;
        }
    }

    private static boolean cteName(List<Token> t, int[] partners, int i) {
        Token next = at(t, i + 1);
        if (word(next, "as")) {
            Token body = at(t, i + 2);
            return punctuation(body, "(") || word(body, "materialized") || word(body, "not");
        }
        return punctuation(next, "(") && HiddenColumns.cteColumns(t, partners[i + 1]);
    }

    private static boolean fromSubquery(List<Token> t, int open) {
        Token before = at(t, open - 1);
        Token first = at(t, open + 1);
        boolean fromItem = before == null || word(before, "from") || word(before, "join") || word(before, "lateral")
                || punctuation(before, ",") || punctuation(before, "(");
        return fromItem && (word(first, "select") || word(first, "values") || word(first, "table")
                || word(first, "with") || punctuation(first, "("));
    }

    private static boolean isStar(Token token) {
        return token != null && token.type() == Token.Type.OPERATOR && token.value().equals("*");
    }
}
