package dev.gatehouse.proxy.mysql;

import dev.gatehouse.mysqlsql.MyToken;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What changes how the database reads the next statement is pinned, whatever the policy says
 * (docs/adapter-contract.md, "UTF-8 only"): the character set ({@code SET NAMES}, {@code SET CHARACTER
 * SET}, {@code character_set_client}/{@code _connection}/{@code _results}, {@code collation_connection})
 * stays utf8mb4, and {@code sql_mode} may be set only to a literal without {@code ANSI_QUOTES} or
 * {@code NO_BACKSLASH_ESCAPES} (nor {@code ANSI}, which includes the first): the lexer the policy
 * classifies with reads the server's defaults. The checks read tokens, so {@code /*! SET NAMES gbk *}{@code /}
 * and {@code SET @@session.character_set_client = sjis} are seen too.
 */
final class PinnedSettings {

    static final String RULE = "gatehouse-pinned-settings";

    private static final Set<String> CHARSETS = Set.of("character_set_client", "character_set_connection",
            "character_set_results", "collation_connection");
    private static final Set<String> UTF8MB4 = Set.of("utf8mb4");

    private PinnedSettings() {
    }

    /** Why Gatehouse refuses the statement, or null when it changes nothing pinned. */
    static String refusal(List<MyToken> tokens, String sql) {
        if (tokens.isEmpty() || !tokens.getFirst().isWord("set")) {
            return null;
        }
        for (int i = 1; i < tokens.size(); i++) {
            MyToken token = tokens.get(i);
            String name = name(token);
            String problem = null;
            if (token.isWord("names") || token.isWord("charset")) {
                problem = charset(value(tokens, i + 1, sql), token.value());
            } else if (token.isWord("character") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("set")) {
                problem = charset(value(tokens, i + 2, sql), "CHARACTER SET");
            } else if (!assignedAt(tokens, i + 1)) {
                continue; // a setting read, not set (CONCAT(@@sql_mode, ...))
            } else if (CHARSETS.contains(name)) {
                problem = charsetVariable(name, assigned(tokens, i + 1, sql));
            } else if (name.equals("sql_mode")) {
                problem = sqlMode(sqlModeValue(tokens, i + 1, sql));
            }
            if (problem != null) {
                return "Gatehouse pins the session's character set to utf8mb4 and sql_mode's lexing flags off: "
                        + problem;
            }
        }
        return null;
    }

    private static boolean assignedAt(List<MyToken> tokens, int index) {
        return index < tokens.size() && tokens.get(index).type() == MyToken.Type.OPERATOR
                && (tokens.get(index).value().equals("=") || tokens.get(index).value().equals(":="));
    }

    /** A variable's name: {@code @@session.sql_mode} and {@code sql_mode} are both {@code sql_mode}. */
    private static String name(MyToken token) {
        if (token.type() == MyToken.Type.VARIABLE && token.value().startsWith("@@")) {
            return token.value().substring(token.value().lastIndexOf('.') + 1).replace("@@", "");
        }
        return token.type() == MyToken.Type.WORD ? token.value() : "";
    }

    private static String charset(String value, String what) {
        return value != null && UTF8MB4.contains(value) ? null : "SET " + what.toUpperCase(Locale.ROOT) + " "
                + (value == null ? "(not a plain name)" : value) + " cannot be used";
    }

    private static String charsetVariable(String name, String value) {
        if (value != null && (value.startsWith("utf8mb4") || name.equals("character_set_results") && value.equals("null"))) {
            return null;
        }
        return name + " cannot be changed" + (value == null ? "" : " to " + value);
    }

    private static String sqlMode(String value) {
        if (value == null) {
            return "sql_mode can be set only to a string literal";
        }
        String upper = value.toUpperCase(Locale.ROOT);
        return upper.contains("ANSI") || upper.contains("NO_BACKSLASH_ESCAPES") || upper.contains("\\")
                ? "sql_mode cannot include ANSI_QUOTES, ANSI or NO_BACKSLASH_ESCAPES" : null;
    }

    /**
     * sql_mode's new value when it is known from the text: a literal, or {@code CONCAT(@@sql_mode, 'literal'…)}
     * (drivers add STRICT_TRANS_TABLES that way), the literals joined; null otherwise.
     */
    private static String sqlModeValue(List<MyToken> tokens, int index, String sql) {
        String literal = assigned(tokens, index, sql);
        if (literal != null || index + 4 >= tokens.size() || tokens.get(index).type() != MyToken.Type.OPERATOR
                || !tokens.get(index + 1).isWord("concat")
                || !tokens.get(index + 2).isPunctuation("(") || !name(tokens.get(index + 3)).equals("sql_mode")) {
            return literal;
        }
        StringBuilder added = new StringBuilder();
        int i = index + 4;
        while (i + 1 < tokens.size() && tokens.get(i).isPunctuation(",") && tokens.get(i + 1).type() == MyToken.Type.STRING) {
            String text = value(tokens, i + 1, sql, true);
            if (text == null) {
                return null;
            }
            added.append(text);
            i += 2;
        }
        boolean closed = i < tokens.size() && tokens.get(i).isPunctuation(")")
                && (i + 1 == tokens.size() || tokens.get(i + 1).isPunctuation(","));
        return closed ? added.toString() : null;
    }

    /** The value after {@code =} or {@code :=} at {@code index}, or null when it is not one plain token. */
    private static String assigned(List<MyToken> tokens, int index, String sql) {
        if (index < tokens.size() && tokens.get(index).type() == MyToken.Type.OPERATOR
                && (tokens.get(index).value().equals("=") || tokens.get(index).value().equals(":="))) {
            return value(tokens, index + 1, sql);
        }
        return null;
    }

    /** One plain value (a name, a 'string' or a `name`) ending the assignment, lower-cased; else null. */
    private static String value(List<MyToken> tokens, int index, String sql) {
        return value(tokens, index, sql, false);
    }

    private static String value(List<MyToken> tokens, int index, String sql, boolean inList) {
        if (index >= tokens.size()) {
            return null;
        }
        boolean ends = inList || index + 1 == tokens.size() || tokens.get(index + 1).isPunctuation(",")
                || tokens.get(index + 1).isWord("collate") || tokens.get(index + 1).isWord("for");
        MyToken token = tokens.get(index);
        if (!ends) {
            return null;
        }
        return switch (token.type()) {
            case WORD, QUOTED_IDENTIFIER -> token.value().toLowerCase(Locale.ROOT);
            case STRING -> sql.charAt(token.start()) == '\'' || sql.charAt(token.start()) == '"'
                    ? sql.substring(token.start() + 1, token.end() - 1).toLowerCase(Locale.ROOT) : null;
            default -> null;
        };
    }
}
