package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * CREATE, ALTER and DROP of any object, classified from their keywords: the verb is the kind, whatever
 * the object (table, function, role, extension, policy, trigger, ...). The only part that runs at once
 * is the query of CREATE TABLE / MATERIALIZED VIEW ... AS (and a view's query names its tables), which
 * is classified as a statement of its own. Tables: the relation defined, altered or dropped, and the
 * ones it refers to (REFERENCES, LIKE, INHERITS, PARTITION OF, triggers/policies/rules ON).
 */
final class DefinitionStatements {

    private DefinitionStatements() {
    }

    static Classification classify(String head, List<Token> tokens, Function<List<Token>, Classification> inner) {
        TokenCursor cursor = new TokenCursor(tokens);
        cursor.acceptAny(head);
        return switch (head) {
            case "create" -> create(cursor, tokens, inner);
            case "alter" -> alter(cursor, tokens);
            default -> drop(cursor);
        };
    }

    private static Classification create(TokenCursor cursor, List<Token> tokens,
                                         Function<List<Token>, Classification> inner) {
        cursor.accept("or", "replace");
        while (cursor.acceptAny("temp", "temporary", "unlogged", "global", "local", "recursive", "unique",
                "trusted", "procedural", "default", "constraint")) {
            // modifiers that do not change what is created
        }
        Set<String> tables = new LinkedHashSet<>();
        if (cursor.accept("materialized", "view") || cursor.acceptAny("table", "view")
                || cursor.accept("foreign", "table")) {
            cursor.accept("if", "not", "exists");
            addName(tables, cursor.qualifiedName());
            tables.addAll(referencedRelations(tokens));
            return withQuery(Classification.of(SqlKind.CREATE, tables), cursor, tokens, inner);
        }
        if (cursor.acceptAny("sequence")) {
            cursor.accept("if", "not", "exists");
            addName(tables, cursor.qualifiedName());
        } else if (cursor.acceptAny("index", "trigger", "policy")) {
            tables.addAll(relationAfter(cursor, "on"));
        } else if (cursor.acceptAny("statistics")) {
            tables.addAll(relationAfter(cursor, "from"));
        } else if (cursor.acceptAny("rule")) {
            tables.addAll(relationAfter(cursor, "to"));
        } else if (cursor.acceptAny("schema") && hasSchemaElements(cursor)) {
            return Classification.unparsed("CREATE SCHEMA with schema elements is not analysed");
        }
        return Classification.of(SqlKind.CREATE, tables);
    }

    /** CREATE TABLE/VIEW ... AS query | AS EXECUTE: the query is a statement of its own. */
    private static Classification withQuery(Classification create, TokenCursor cursor, List<Token> tokens,
                                            Function<List<Token>, Classification> inner) {
        int as = cursor.findWord("as");
        if (as < 0 || as + 1 >= tokens.size()) {
            return create;
        }
        Token next = tokens.get(as + 1);
        if (next.isWord("execute")) {
            return create.withKinds(EnumSet.of(SqlKind.DYNAMIC_SQL));
        }
        boolean query = next.isPunctuation("(") || next.type() == Token.Type.WORD && StatementHeads.isQuery(next.value());
        if (!query) {
            return create;
        }
        // the query's rows go into the new table or view, never to the client: no column is a plain read
        return create.withColumns(ColumnUse.NONE)
                .plus(inner.apply(tokens.subList(as + 1, endOfQuery(tokens))).diverted("CREATE ... AS"));
    }

    /** Drops a trailing WITH [NO] DATA or WITH [CASCADED|LOCAL] CHECK OPTION, which belong to CREATE. */
    private static int endOfQuery(List<Token> tokens) {
        int end = tokens.size();
        if (end >= 2 && tokens.get(end - 1).isWord("data")) {
            end -= tokens.get(end - 2).isWord("no") ? 3 : 2;
        } else if (end >= 3 && tokens.get(end - 1).isWord("option") && tokens.get(end - 2).isWord("check")) {
            end -= tokens.get(end - 3).isWord("cascaded") || tokens.get(end - 3).isWord("local") ? 4 : 3;
        }
        return Math.max(end, 0);
    }

    private static boolean hasSchemaElements(TokenCursor cursor) {
        cursor.accept("if", "not", "exists");
        if (!cursor.peekWord("authorization")) {
            cursor.qualifiedName();
        }
        if (cursor.acceptAny("authorization")) {
            cursor.qualifiedName();
        }
        return !cursor.atEnd();
    }

    private static Classification alter(TokenCursor cursor, List<Token> tokens) {
        if (cursor.acceptAny("system")) {
            return Classification.of(EnumSet.of(SqlKind.ALTER, SqlKind.SET), Set.of(), false);
        }
        if (cursor.accept("default", "privileges")) {
            EnumSet<SqlKind> kinds = EnumSet.of(SqlKind.ALTER);
            if (cursor.findWord("grant") >= 0) {
                kinds.add(SqlKind.GRANT);
            }
            if (cursor.findWord("revoke") >= 0) {
                kinds.add(SqlKind.REVOKE);
            }
            return Classification.of(kinds, Set.of(), false);
        }
        Set<String> tables = new LinkedHashSet<>();
        if (cursor.accept("materialized", "view") || cursor.acceptAny("table", "view", "index", "sequence")
                || cursor.accept("foreign", "table")) {
            cursor.accept("if", "exists");
            if (!cursor.accept("all", "in", "tablespace")) {
                cursor.acceptAny("only");
                addName(tables, cursor.qualifiedName());
                tables.addAll(referencedRelations(tokens));
            }
        } else if (cursor.acceptAny("trigger", "policy", "rule")) {
            tables.addAll(relationAfter(cursor, "on"));
        }
        return Classification.of(SqlKind.ALTER, tables);
    }

    private static Classification drop(TokenCursor cursor) {
        Set<String> tables = new LinkedHashSet<>();
        if (cursor.accept("materialized", "view") || cursor.acceptAny("table", "view", "index", "sequence")
                || cursor.accept("foreign", "table")) {
            cursor.acceptAny("concurrently");
            cursor.accept("if", "exists");
            tables.addAll(UtilityStatements.relations(cursor));
        } else if (cursor.acceptAny("trigger", "policy", "rule")) {
            tables.addAll(relationAfter(cursor, "on"));
        }
        return Classification.of(SqlKind.DROP, tables).withColumns(ColumnUse.NONE);
    }

    private static Set<String> relationAfter(TokenCursor cursor, String keyword) {
        int at = cursor.findWord(keyword);
        if (at < 0) {
            return Set.of();
        }
        cursor.moveTo(at + 1);
        cursor.acceptAny("only");
        String name = cursor.qualifiedName();
        return name == null ? Set.of() : Set.of(name);
    }

    /** Relations a table definition points at: REFERENCES t, (LIKE t), INHERITS (t, ...), PARTITION OF t, RENAME TO t. */
    private static Set<String> referencedRelations(List<Token> tokens) {
        Set<String> tables = new LinkedHashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            TokenCursor after = new TokenCursor(tokens);
            if (token.isWord("references") || token.isWord("inherit")
                    || token.isWord("like") && i > 0 && (tokens.get(i - 1).isPunctuation("(")
                    || tokens.get(i - 1).isPunctuation(","))) {
                after.moveTo(i + 1);
                addName(tables, after.qualifiedName());
            } else if ((token.isWord("partition") || token.isWord("rename")) && i + 2 < tokens.size()
                    && (tokens.get(i + 1).isWord("of") || tokens.get(i + 1).isWord("to"))) {
                after.moveTo(i + 2);
                addName(tables, after.qualifiedName());
            } else if (token.isWord("inherits") && tokens.get(i + 1).isPunctuation("(")) {
                after.moveTo(i + 2);
                tables.addAll(UtilityStatements.relations(after));
            }
        }
        return tables;
    }

    private static void addName(Set<String> tables, String name) {
        if (name != null) {
            tables.add(name);
        }
    }
}
