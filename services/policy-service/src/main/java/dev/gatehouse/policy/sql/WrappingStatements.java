package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Statements that carry another statement: EXPLAIN (ANALYZE runs it, so its kinds always count),
 * PREPARE name AS statement, DECLARE cursor FOR query, COPY (query) TO; plus COPY of a table and CALL.
 * The carried statement is classified as a statement of its own and merged in.
 */
final class WrappingStatements {

    /** COPY table TO sends every column (or those listed) as COPY data, which cannot be masked by column. */
    private static final ColumnUse COPY_TABLE_OUT = new ColumnUse(Set.of(), Map.of(ColumnUse.ALL, "COPY ... TO"),
            Map.of(), null);

    private WrappingStatements() {
    }

    static Classification classify(String head, List<Token> tokens, Function<List<Token>, Classification> inner) {
        TokenCursor cursor = new TokenCursor(tokens);
        cursor.acceptAny(head);
        return switch (head) {
            case "explain" -> explain(cursor, inner);
            case "prepare" -> prepare(cursor, inner);
            case "declare" -> declare(cursor, inner);
            case "copy" -> copy(cursor, inner);
            // CALL arguments cannot hold subqueries or columns (PostgreSQL rejects them); calls inside are scanned.
            default -> Classification.of(SqlKind.CALL).withColumns(ColumnUse.NONE);
        };
    }

    private static Classification explain(TokenCursor cursor, Function<List<Token>, Classification> inner) {
        if (!cursor.skipParenthesised()) {
            return Classification.unparsed("unbalanced parentheses in EXPLAIN options");
        }
        while (cursor.acceptAny("analyze", "analyse", "verbose")) {
            // legacy option words
        }
        return carried(Classification.of(SqlKind.EXPLAIN), cursor, inner);
    }

    private static Classification prepare(TokenCursor cursor, Function<List<Token>, Classification> inner) {
        if (cursor.acceptAny("transaction")) {
            return Classification.of(SqlKind.TRANSACTION).withColumns(ColumnUse.NONE);
        }
        if (cursor.qualifiedName() == null || !cursor.skipParenthesised() || !cursor.acceptAny("as")) {
            return Classification.unparsed("PREPARE is not followed by a name and AS");
        }
        return carried(Classification.of(SqlKind.SESSION), cursor, inner);
    }

    private static Classification declare(TokenCursor cursor, Function<List<Token>, Classification> inner) {
        int keyword = cursor.findWord("cursor");
        int query = keyword < 0 ? -1 : forAfter(cursor, keyword);
        if (query < 0) {
            return Classification.unparsed("DECLARE is not followed by CURSOR ... FOR");
        }
        cursor.moveTo(query + 1);
        return carried(Classification.of(SqlKind.SESSION), cursor, inner);
    }

    private static int forAfter(TokenCursor cursor, int keyword) {
        cursor.moveTo(keyword + 1);
        return cursor.findWord("for");
    }

    private static Classification copy(TokenCursor cursor, Function<List<Token>, Classification> inner) {
        EnumSet<SqlKind> kinds = EnumSet.of(SqlKind.COPY);
        if (cursor.containsWord("program")) {
            kinds.add(SqlKind.COPY_PROGRAM); // COPY ... TO/FROM PROGRAM runs a shell command on the server
        }
        cursor.acceptAny("binary");
        Classification copy;
        boolean query = cursor.peekIsOpen();
        if (query) {
            int close = cursor.closing(cursor.position());
            if (close < 0) {
                return Classification.unparsed("unbalanced parentheses in COPY");
            }
            // the query's rows go out as COPY data, which the proxy cannot mask by column
            copy = Classification.of(kinds, Set.of(), false).withColumns(ColumnUse.NONE)
                    .plus(inner.apply(cursor.range(cursor.position() + 1, close)).diverted("COPY"));
            cursor.moveTo(close + 1);
        } else {
            String table = cursor.qualifiedName();
            if (table == null || !cursor.skipParenthesised()) {
                return Classification.unparsed("COPY is not followed by a table or a query");
            }
            copy = Classification.of(kinds, Set.of(table), false).withColumns(ColumnUse.NONE);
        }
        EnumSet<SqlKind> direction = EnumSet.noneOf(SqlKind.class);
        if (cursor.acceptAny("from")) {
            direction.add(SqlKind.INSERT); // rows are written into the table
        } else if (cursor.acceptAny("to")) {
            direction.add(SqlKind.SELECT); // rows are read out
            if (!query) {
                copy = copy.withColumns(COPY_TABLE_OUT);
            }
        } else {
            return Classification.unparsed("COPY without FROM or TO");
        }
        Token target = cursor.peek(0);
        if (target != null && target.type() == Token.Type.STRING) {
            direction.add(SqlKind.ADMIN_FUNCTION); // a file on the database server, like lo_export
        }
        return copy.withKinds(direction);
    }

    /** EXPLAIN, PREPARE, DECLARE: the carried statement's column mentions are the whole statement's. */
    private static Classification carried(Classification wrapper, TokenCursor cursor,
                                          Function<List<Token>, Classification> inner) {
        List<Token> rest = cursor.rest();
        if (rest.isEmpty()) {
            return Classification.unparsed("no statement follows " + wrapper.kinds().iterator().next().policyName());
        }
        return wrapper.withColumns(ColumnUse.NONE).plus(inner.apply(rest));
    }
}
