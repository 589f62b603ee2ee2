package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL's utility statements, classified from their keywords. Their grammar is flat: what they
 * do is fixed by the leading words, and none of them runs a query given in its text (function calls
 * in their arguments are caught by {@link RiskyFunctions}). Tables are read where the statement names
 * relations.
 */
final class UtilityStatements {

    private static final Set<String> TRANSACTION = Set.of("begin", "start", "commit", "end", "abort", "savepoint",
            "release", "rollback");
    private static final Set<String> SESSION = Set.of("listen", "unlisten", "notify", "discard", "deallocate",
            "close", "fetch", "move");
    private static final Set<String> MAINTENANCE = Set.of("vacuum", "analyze", "analyse", "cluster", "reindex",
            "refresh", "checkpoint");

    private UtilityStatements() {
    }

    /**
     * Whether a utility statement may mention column values: only DO, whose body is code this class
     * does not read. The others name relations, settings or objects, never a column's value (COMMENT
     * ON COLUMN and GRANT ... (column) name a column without reading it).
     */
    static boolean mayMentionColumns(String head) {
        return head.equals("do");
    }

    /** Null when {@code head} does not start a utility statement handled here. */
    static Classification classify(String head, List<Token> tokens) {
        TokenCursor cursor = new TokenCursor(tokens);
        cursor.acceptAny(head);
        if (TRANSACTION.contains(head)) {
            return Classification.of(SqlKind.TRANSACTION);
        }
        if (SESSION.contains(head)) {
            return Classification.of(SqlKind.SESSION);
        }
        if (MAINTENANCE.contains(head)) {
            return Classification.of(SqlKind.MAINTENANCE, maintenanceTables(head, cursor));
        }
        return switch (head) {
            case "set" -> set(cursor);
            case "reset" -> Classification.of(SqlKind.SET);
            case "show" -> Classification.of(SqlKind.SHOW);
            case "do" -> Classification.of(SqlKind.DO);
            case "execute" -> Classification.of(SqlKind.DYNAMIC_SQL);
            // LOAD puts a shared library into the server process
            case "load" -> Classification.of(SqlKind.ADMIN_FUNCTION);
            case "lock" -> {
                cursor.acceptAny("table");
                yield Classification.of(SqlKind.LOCK, relations(cursor));
            }
            case "truncate" -> {
                cursor.acceptAny("table");
                yield Classification.of(SqlKind.TRUNCATE, relations(cursor));
            }
            case "grant" -> Classification.of(SqlKind.GRANT, grantTables(cursor));
            case "revoke" -> Classification.of(SqlKind.REVOKE, grantTables(cursor));
            case "comment" -> Classification.of(SqlKind.ALTER, labelledTable(cursor));
            case "security" -> {
                cursor.accept("label");
                if (cursor.acceptAny("for")) {
                    cursor.moveTo(cursor.position() + 1);
                }
                yield Classification.of(SqlKind.ALTER, labelledTable(cursor));
            }
            case "reassign" -> Classification.of(SqlKind.ALTER);
            case "import" -> Classification.of(SqlKind.CREATE);
            default -> null;
        };
    }

    private static Classification set(TokenCursor cursor) {
        cursor.acceptAny("session", "local");
        boolean transaction = cursor.peekWord("transaction") || cursor.peekWord("characteristics")
                || cursor.peekWord("constraints");
        return Classification.of(transaction ? EnumSet.of(SqlKind.SET, SqlKind.TRANSACTION) : EnumSet.of(SqlKind.SET),
                Set.of(), false);
    }

    private static Set<String> maintenanceTables(String head, TokenCursor cursor) {
        return switch (head) {
            case "vacuum", "analyze", "analyse" -> {
                cursor.skipParenthesised();
                while (cursor.acceptAny("full", "freeze", "verbose", "analyze", "analyse")) {
                    // legacy option words
                }
                yield relations(cursor);
            }
            case "cluster" -> {
                cursor.skipParenthesised();
                cursor.acceptAny("verbose");
                Set<String> tables = relations(cursor);
                if (cursor.acceptAny("on")) {
                    tables.addAll(relations(cursor)); // CLUSTER index ON table (old syntax)
                }
                yield tables;
            }
            case "reindex" -> {
                cursor.skipParenthesised();
                boolean relation = cursor.acceptAny("index", "table");
                cursor.acceptAny("concurrently");
                yield relation ? relations(cursor) : new LinkedHashSet<>();
            }
            case "refresh" -> {
                cursor.accept("materialized", "view");
                cursor.acceptAny("concurrently");
                yield relations(cursor);
            }
            default -> new LinkedHashSet<>();
        };
    }

    /** {@code [ONLY] name [*] [(columns)] [, ...]}: the relation lists of LOCK, TRUNCATE, VACUUM, ... */
    static Set<String> relations(TokenCursor cursor) {
        Set<String> tables = new LinkedHashSet<>();
        do {
            cursor.acceptAny("only");
            String name = cursor.qualifiedName();
            if (name == null) {
                break;
            }
            tables.add(name);
            cursor.acceptOperator("*");
            cursor.skipParenthesised();
        } while (cursor.acceptPunctuation(","));
        return tables;
    }

    private static Set<String> grantTables(TokenCursor cursor) {
        int on = cursor.findWord("on");
        if (on < 0) {
            return Set.of(); // GRANT role TO role
        }
        cursor.moveTo(on + 1);
        if (cursor.acceptAny("all", "sequence", "database", "domain", "foreign", "function", "procedure", "routine",
                "language", "large", "parameter", "schema", "tablespace", "type")) {
            return Set.of();
        }
        cursor.acceptAny("table");
        return relations(cursor);
    }

    /** COMMENT ON / SECURITY LABEL ON: the relation, when the object is one or belongs to one. */
    private static Set<String> labelledTable(TokenCursor cursor) {
        cursor.acceptAny("on");
        if (cursor.acceptAny("column")) {
            List<String> parts = cursor.nameParts(); // [schema.]table.column
            return parts.size() < 2 ? Set.of() : Set.of(TableNames.of(parts.subList(0, parts.size() - 1)));
        }
        if (cursor.acceptAny("table", "view", "index", "sequence") || cursor.accept("materialized", "view")
                || cursor.accept("foreign", "table")) {
            return relations(cursor);
        }
        if (cursor.acceptAny("constraint", "trigger", "policy", "rule")) {
            cursor.qualifiedName();
            if (cursor.acceptAny("on") && !cursor.peekWord("domain")) {
                return relations(cursor);
            }
        }
        return Set.of();
    }
}
