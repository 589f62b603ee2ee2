package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.at;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.folded;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.identifier;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.name;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.punctuation;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.word;

/** What kind of statement the tokens make, as far as masked values outliving it or being renamed go. */
final class StatementKinds {

    /** Words of statements (or functions) that keep a value beyond the statement. */
    private static final Set<String> KEEPS = Set.of("declare", "prepare", "call", "copy", "notify", "alter",
            "set_config", "pg_notify", "lo_from_bytea", "lo_put", "lowrite", "lo_import", "lo_export", "dblink",
            "dblink_exec");

    private StatementKinds() {
    }

    /** DO blocks and function bodies can assemble any name at run time. */
    static boolean runsCode(List<Token> tokens) {
        if (word(at(tokens, 0), "do")) {
            return true;
        }
        boolean create = false;
        for (Token token : tokens) {
            create |= token.isWord("create");
            if (create && (token.isWord("function") || token.isWord("procedure"))) {
                return true;
            }
        }
        return false;
    }

    static boolean modifies(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isWord("insert") || token.isWord("delete") || token.isWord("merge") || token.isWord("update")
                    && !word(at(tokens, i - 1), "for") && !word(at(tokens, i - 1), "key")) {
                return true;
            }
        }
        return false;
    }

    /** A cursor, a prepared statement, CREATE ... AS (a table, view, rule), SELECT INTO, a setting, a large object. */
    static boolean keeps(List<Token> tokens) {
        boolean create = false;
        boolean as = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.type() != Token.Type.WORD) {
                continue;
            }
            if (KEEPS.contains(token.value())) {
                return true;
            }
            if (token.value().equals("into") && !word(at(tokens, i - 1), "insert") && !word(at(tokens, i - 1), "merge")) {
                return true; // SELECT ... INTO new_table
            }
            create |= token.value().equals("create");
            as |= token.value().equals("as") || token.value().equals("select");
        }
        return create && as; // CREATE TABLE t (api_key text) defines a column, it copies nothing
    }

    /**
     * Names a write assigns rather than reads: {@code INSERT INTO t (a, b)}, {@code ON CONFLICT (a)},
     * {@code SET a = ...}, {@code excluded.a}. A statement that names a masked column only there writes
     * the client's own value into it.
     */
    static boolean[] writeTargets(List<Token> t) {
        boolean[] targets = new boolean[t.size()];
        for (int i = 0; i < t.size(); i++) {
            if (punctuation(t.get(i), "(") && (insertColumns(t, i) || word(at(t, i - 1), "conflict"))) {
                for (int k = i + 1; k < t.size() && !punctuation(t.get(k), ")"); k++) {
                    targets[k] = identifier(t.get(k));
                }
            } else if (identifier(t.get(i)) && at(t, i + 1) != null && at(t, i + 1).type() == Token.Type.OPERATOR
                    && at(t, i + 1).value().equals("=") && (word(at(t, i - 1), "set") || punctuation(at(t, i - 1), ","))) {
                targets[i] = true;
            } else if (word(t.get(i), "excluded") && punctuation(at(t, i + 1), ".")) {
                targets[i + 1] = true;
                if (i + 2 < t.size()) {
                    targets[i + 2] = true;
                }
            }
        }
        return targets;
    }

    /** {@code INTO rel (}, {@code INTO schema.rel (}, {@code INTO rel AS x (}. */
    static boolean insertColumns(List<Token> t, int open) {
        int k = open - 1;
        if (name(at(t, k)) && word(at(t, k - 1), "as")) {
            k -= 2;
        }
        while (name(at(t, k)) && punctuation(at(t, k - 1), ".")) {
            k -= 2;
        }
        return name(at(t, k)) && word(at(t, k - 1), "into");
    }

    /** Output names the statement gives: after AS, an implicit alias after a value, or in an alias list. */
    static Set<String> renamed(List<Token> t) {
        Set<String> names = new HashSet<>();
        int[] partners = HiddenColumns.partners(t);
        for (int i = 0; i < t.size(); i++) {
            Token token = t.get(i);
            if (partners != null && punctuation(token, "(") && (HiddenColumns.aliasList(t, partners, i)
                    || HiddenColumns.cteColumns(t, partners[i]))) {
                for (int k = i + 1; k < partners[i]; k++) {
                    if (name(t.get(k))) {
                        names.add(folded(t.get(k)));
                    }
                }
            } else if (identifier(token) && word(at(t, i - 1), "as") || name(token) && renames(at(t, i - 1))) {
                names.add(folded(token)); // after AS any keyword is a label: SELECT api_key AS current_user
            }
        }
        return Set.copyOf(names);
    }

    /**
     * SQL value keywords (no arguments, so nothing masked can be inside) that the statement uses only as
     * values, never as a label: a field PostgreSQL names after one of them ({@code current_user}) shows
     * that keyword's value, even in a statement that mentions a masked column.
     */
    static Set<String> plainValues(List<Token> t) {
        Set<String> used = new HashSet<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            Token token = t.get(i);
            if (token.type() == Token.Type.WORD && VALUE_KEYWORDS.contains(token.value())) {
                Token before = at(t, i - 1);
                boolean label = word(before, "as") || name(before) || punctuation(before, ")")
                        || before != null && (before.type() == Token.Type.STRING || before.type() == Token.Type.NUMBER);
                (label ? labels : used).add(token.value());
            } else if (token.type() == Token.Type.QUOTED_IDENTIFIER) {
                labels.add(folded(token)); // "current_user" is a name, not the keyword
            }
        }
        used.removeAll(labels);
        return Set.copyOf(used);
    }

    private static final Set<String> VALUE_KEYWORDS = Set.of("current_user", "session_user", "current_role", "user",
            "system_user", "current_catalog", "current_schema", "current_date", "current_time", "current_timestamp",
            "localtime", "localtimestamp");

    private static boolean renames(Token before) {
        if (before == null || word(before, "by")) {
            return false;
        }
        return word(before, "as") || name(before) || punctuation(before, ")") || punctuation(before, "]")
                || before.type() == Token.Type.STRING || before.type() == Token.Type.NUMBER;
    }
}
