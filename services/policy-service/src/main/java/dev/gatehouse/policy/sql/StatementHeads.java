package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import java.util.List;
import java.util.Set;

/** The words PostgreSQL statements start with, and how each family is analysed. */
final class StatementHeads {

    /** Heads whose meaning lives in a rich expression grammar: analysed from JSqlParser's AST. */
    private static final Set<String> DML = Set.of("select", "with", "values", "table", "(", "insert", "update",
            "delete", "merge");
    private static final Set<String> QUERY = Set.of("select", "with", "values", "table");
    private static final Set<String> DEFINITION = Set.of("create", "alter", "drop");
    private static final Set<String> WRAPPING = Set.of("explain", "prepare", "declare", "copy", "call");

    private StatementHeads() {
    }

    /** The first word of a statement, or "(" for a parenthesised query; null when neither. */
    static String of(List<Token> tokens) {
        Token first = tokens.getFirst();
        if (first.type() == Token.Type.WORD) {
            return first.value();
        }
        return first.isPunctuation("(") ? "(" : null;
    }

    static boolean isDml(String head) {
        return DML.contains(head);
    }

    static boolean isQuery(String head) {
        return QUERY.contains(head);
    }

    static boolean isDefinition(String head) {
        return DEFINITION.contains(head);
    }

    static boolean isWrapping(String head) {
        return WRAPPING.contains(head);
    }
}
