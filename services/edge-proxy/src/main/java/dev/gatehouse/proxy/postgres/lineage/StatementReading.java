package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.PgLexer;
import dev.gatehouse.pgsql.Token;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.at;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.folded;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.word;

/**
 * What a statement's text says about masked columns, read once per statement with the pg-sql lexer
 * (the tokens PostgreSQL sees: quoted, U&amp;-escaped and qualified names decoded).
 *
 * @param mentions the statement may read a masked column in a way RowDescription cannot attribute: an
 *                 identifier (or a word inside a string: a JSON key, a function body) matches a masked
 *                 column glob or names a column of a masked view it reads, or it names a relation
 *                 holding a masked column and hides columns ({@link HiddenColumns}), or it runs code
 *                 ({@code DO}, {@code CREATE FUNCTION}/{@code PROCEDURE})
 * @param defers   it mentions masked columns and keeps something for later statements: a cursor, a
 *                 prepared statement, a new relation, function or view, a setting, a notification, a
 *                 large object. Later statements of the session then count as mentioning too.
 * @param writes   it mentions masked columns and modifies rows (INSERT, UPDATE, DELETE, MERGE): what it
 *                 RETURNs may be a column it has just filled from a masked one ({@code UPDATE t SET plan =
 *                 api_key RETURNING plan}), so none of its fields is trusted to its source
 */
public record StatementReading(boolean mentions, boolean defers, boolean writes) {

    public static final StatementReading NONE = new StatementReading(false, false, false);
    /** For a session that has deferred a masked read: everything counts as mentioning. */
    public static final StatementReading ALL = new StatementReading(true, false, false);

    private static final Set<String> KEEPS = Set.of("declare", "prepare", "create", "call", "copy", "notify",
            "set_config", "pg_notify", "lo_from_bytea", "lo_put", "lowrite", "lo_import", "lo_export", "dblink",
            "dblink_exec", "alter", "comment");

    /** Reads {@code sql} for {@code plan}'s column globs in the database {@code sources} describes. */
    public static StatementReading of(String sql, MaskingPlan plan, MaskedSources sources) {
        PgLexer.Result lexed = PgLexer.tokenize(sql, true);
        StatementReading reading = read(sql, lexed.tokens(), plan, sources);
        if (lexed.conformingStringsSensitive() && !reading.defers) {
            // A backslash in a plain string: with standard_conforming_strings off the strings end elsewhere.
            reading = reading.or(read(sql, PgLexer.tokenize(sql, false).tokens(), plan, sources));
        }
        return reading;
    }

    private StatementReading or(StatementReading other) {
        return new StatementReading(mentions || other.mentions, defers || other.defers, writes || other.writes);
    }

    private static StatementReading read(String sql, List<Token> tokens, MaskingPlan plan, MaskedSources sources) {
        Set<String> viewColumns = new HashSet<>();
        boolean namesMaskedRelation = false;
        for (Token token : tokens) {
            if (token.isIdentifier() && sources.namesMaskedRelation(folded(token))) {
                namesMaskedRelation = true;
                Set<String> columns = sources.viewColumns(folded(token));
                if (columns != null) {
                    viewColumns.addAll(columns);
                }
            }
        }
        boolean mentions = runsCode(tokens) || namesMaskedColumn(sql, tokens, plan, viewColumns)
                || namesMaskedRelation && HiddenColumns.in(tokens, sources);
        return mentions ? new StatementReading(true, keeps(tokens), modifies(tokens)) : NONE;
    }

    private static boolean namesMaskedColumn(String sql, List<Token> tokens, MaskingPlan plan, Set<String> viewColumns) {
        for (Token token : tokens) {
            if (token.isIdentifier() && (plan.columnMatches(token.value()) || viewColumns.contains(folded(token)))) {
                return true;
            }
            if (token.type() == Token.Type.STRING && wordMatches(sql, token.start(), token.end(), plan)) {
                return true;
            }
        }
        return false;
    }

    /** Words inside a string constant ('api_key', '{api_key}', a dollar-quoted function body). */
    private static boolean wordMatches(String sql, int from, int to, MaskingPlan plan) {
        int start = -1;
        for (int i = from; i <= to; i++) {
            boolean part = i < to && wordChar(sql.charAt(i));
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                if (plan.columnMatches(sql.substring(start, i))) {
                    return true;
                }
                start = -1;
            }
        }
        return false;
    }

    private static boolean wordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80;
    }

    /** DO blocks and function bodies can assemble any name at run time: they count as mentioning. */
    private static boolean runsCode(List<Token> tokens) {
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

    private static boolean modifies(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isWord("insert") || token.isWord("delete") || token.isWord("merge") || token.isWord("update")
                    && !word(at(tokens, i - 1), "for") && !word(at(tokens, i - 1), "key")) {
                return true;
            }
        }
        return false;
    }

    private static boolean keeps(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.type() != Token.Type.WORD) {
                continue;
            }
            if (KEEPS.contains(token.value()) || token.value().equals("do") && i == 0) {
                return true;
            }
            if (token.value().equals("into") && !word(at(tokens, i - 1), "insert") && !word(at(tokens, i - 1), "merge")) {
                return true; // SELECT ... INTO new_table
            }
        }
        return false;
    }
}
