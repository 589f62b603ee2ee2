package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;

import java.util.List;
import java.util.Set;

/** Token predicates of the statement scan, and PostgreSQL 17's keywords that can never be an alias. */
final class SqlWords {

    /**
     * {@code pg_get_keywords()} categories R (reserved) and T (reserved, may be a function or type name):
     * neither can be a table alias or a column alias, so neither starts an alias list nor names a row.
     */
    private static final Set<String> NEVER_ALIAS = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
            "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
            "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading",
            "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
            "primary", "references", "returning", "select", "session_user", "some", "symmetric", "system_user",
            "table", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
            "window", "with", "authorization", "binary", "collation", "concurrently", "cross", "current_schema",
            "freeze", "full", "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer",
            "overlaps", "right", "similar", "tablesample", "verbose");

    /** Reserved words that begin a value, so a {@code *} before them multiplies rather than expands. */
    private static final Set<String> VALUE_STARTS = Set.of("case", "cast", "not", "null", "true", "false", "array",
            "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
            "session_user", "user", "current_role", "current_catalog", "current_schema", "system_user");

    private SqlWords() {
    }

    static Token at(List<Token> tokens, int index) {
        return index >= 0 && index < tokens.size() ? tokens.get(index) : null;
    }

    static boolean word(Token token, String word) {
        return token != null && token.isWord(word);
    }

    static boolean punctuation(Token token, String punctuation) {
        return token != null && token.isPunctuation(punctuation);
    }

    static boolean identifier(Token token) {
        return token != null && token.isIdentifier();
    }

    /** A word that may be a relation, alias or column name: quoted, or unquoted and not reserved. */
    static boolean name(Token token) {
        return token != null && (token.type() == Token.Type.QUOTED_IDENTIFIER
                || token.type() == Token.Type.WORD && !NEVER_ALIAS.contains(token.value()));
    }

    static boolean reserved(Token token) {
        return token != null && token.type() == Token.Type.WORD && NEVER_ALIAS.contains(token.value());
    }

    /** What can follow a multiplying {@code *}: a name, a literal, a parameter, a parenthesis, a sign. */
    static boolean operand(Token token) {
        if (token == null) {
            return false;
        }
        return switch (token.type()) {
            case NUMBER, STRING, PARAMETER, OPERATOR, QUOTED_IDENTIFIER -> true;
            case WORD -> !NEVER_ALIAS.contains(token.value()) || VALUE_STARTS.contains(token.value());
            case PUNCTUATION -> token.value().equals("(");
            default -> false;
        };
    }

    /** The identifier's value as the scan compares it: lower-cased, so a quoted "API_KEY" counts too. */
    static String folded(Token token) {
        return MaskedSources.lower(token.value());
    }
}
