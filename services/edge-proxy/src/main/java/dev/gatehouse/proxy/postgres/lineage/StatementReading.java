package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.PgLexer;
import dev.gatehouse.pgsql.Token;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.folded;

/**
 * What a statement's text says about masked columns, read once per statement with the pg-sql lexer
 * (the tokens PostgreSQL sees: quoted, U&amp;-escaped and qualified names decoded).
 *
 * @param mentions the statement may read a masked column in a way RowDescription cannot attribute: an
 *                 identifier (or a word inside a string: a JSON key, a function body) matches a masked
 *                 column glob or names a column of a masked view it reads, or it names a relation
 *                 holding a masked column and hides columns ({@link HiddenColumns}), or it runs code
 *                 ({@code DO}, {@code CREATE FUNCTION}/{@code PROCEDURE})
 * @param writes   it mentions masked columns and modifies rows (INSERT, UPDATE, DELETE, MERGE): what it
 *                 RETURNs may be a column it has just filled from a masked one ({@code UPDATE t SET plan =
 *                 api_key RETURNING plan}), so none of its fields is trusted to its source
 * @param defers   it may have kept a masked value for later statements: a cursor, a prepared statement,
 *                 a relation, view or function it creates, a setting, a notification, a large object, or
 *                 rows it writes from a masked column (not merely into one: {@code SET api_key = $1}).
 *                 Later statements of the session then count as mentioning.
 * @param renamed  output names the statement gives (after AS, implicit aliases, alias lists): a column of a
 *                 relation created after login that the statement renames may be a masked one
 * @param values   SQL value keywords used only as values ({@code current_user}): an unattributed field
 *                 named after one shows its value, nothing masked
 */
public record StatementReading(boolean mentions, boolean writes, boolean defers, Set<String> renamed,
                               Set<String> values) {

    public static final StatementReading NONE = new StatementReading(false, false, false, Set.of(), Set.of());
    /** For a session that has kept a masked value: everything counts as mentioning. */
    public static final StatementReading ALL = new StatementReading(true, false, false, Set.of(), Set.of());

    /** Reads {@code sql} for {@code plan}'s column globs in the database {@code sources} describes. */
    public static StatementReading of(String sql, MaskingPlan plan, MaskedSources sources) {
        PgLexer.Result lexed = PgLexer.tokenize(sql, true);
        StatementReading reading = read(sql, lexed.tokens(), plan, sources);
        if (lexed.conformingStringsSensitive()) {
            // A backslash in a plain string: with standard_conforming_strings off the strings end elsewhere.
            reading = reading.or(read(sql, PgLexer.tokenize(sql, false).tokens(), plan, sources));
        }
        return reading;
    }

    private StatementReading or(StatementReading other) {
        Set<String> names = new HashSet<>(renamed);
        names.addAll(other.renamed);
        Set<String> both = new HashSet<>(values);
        both.retainAll(other.values);
        return new StatementReading(mentions || other.mentions, writes || other.writes, defers || other.defers,
                Set.copyOf(names), Set.copyOf(both));
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
        boolean[] targets = StatementKinds.writeTargets(tokens);
        boolean hidden = namesMaskedRelation && HiddenColumns.in(tokens, sources);
        boolean code = StatementKinds.runsCode(tokens);
        boolean asSource = code || hidden || namesMaskedColumn(sql, tokens, plan, viewColumns, targets);
        boolean mentions = asSource || namesMaskedColumn(sql, tokens, plan, viewColumns, null);
        if (!mentions) {
            return NONE;
        }
        boolean writes = StatementKinds.modifies(tokens);
        boolean defers = code || StatementKinds.keeps(tokens) || writes && asSource;
        return new StatementReading(true, writes, defers, StatementKinds.renamed(tokens),
                StatementKinds.plainValues(tokens));
    }

    /** An identifier (not a write target when {@code targets} is given) or a word in a string matches. */
    private static boolean namesMaskedColumn(String sql, List<Token> tokens, MaskingPlan plan, Set<String> viewColumns,
                                             boolean[] targets) {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (targets != null && targets[i]) {
                continue;
            }
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
}
