package dev.gatehouse.audit.dashboard;

import org.springframework.web.util.HtmlUtils;

import java.util.Set;

/**
 * Server-side SQL highlighting: splits a statement into keywords, string literals, quoted identifiers,
 * numbers and comments and wraps each in a {@code <span class="sql-…">}. Every piece of the statement
 * is HTML-escaped, so a masked command shows exactly as typed and can never inject markup; the only tags
 * in the output are the spans written here. A lexer, not a parser: odd SQL still shows, just less coloured.
 */
public final class SqlHighlighter {

    private static final Set<String> KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "NULL", "IS",
            "IN", "AS", "ON", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "GROUP", "BY", "ORDER",
            "HAVING", "LIMIT", "OFFSET", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "CREATE", "DROP",
            "ALTER", "TABLE", "INDEX", "VIEW", "SCHEMA", "DATABASE", "TRUNCATE", "GRANT", "REVOKE", "BEGIN",
            "COMMIT", "ROLLBACK", "RETURNING", "DISTINCT", "UNION", "ALL", "CASE", "WHEN", "THEN", "ELSE", "END",
            "EXISTS", "LIKE", "ILIKE", "BETWEEN", "WITH", "ASC", "DESC", "PRIMARY", "KEY", "FOREIGN", "REFERENCES",
            "CONSTRAINT", "DEFAULT", "CASCADE", "IF", "TRUE", "FALSE", "COPY", "TO", "USING", "ROLE", "USER");

    private SqlHighlighter() {
    }

    public static String toHtml(String sql) {
        if (sql == null) {
            return "";
        }
        StringBuilder html = new StringBuilder(sql.length() + 64);
        int i = 0;
        while (i < sql.length()) {
            int end = tokenEnd(sql, i);
            String token = sql.substring(i, end);
            String css = cssClass(sql, i, token);
            if (css == null) {
                html.append(HtmlUtils.htmlEscape(token));
            } else {
                html.append("<span class=\"").append(css).append("\">").append(HtmlUtils.htmlEscape(token))
                        .append("</span>");
            }
            i = end;
        }
        return html.toString();
    }

    private static int tokenEnd(String sql, int start) {
        char c = sql.charAt(start);
        if (sql.startsWith("--", start)) {
            int newline = sql.indexOf('\n', start);
            return newline < 0 ? sql.length() : newline;
        }
        if (sql.startsWith("/*", start)) {
            int close = sql.indexOf("*/", start + 2);
            return close < 0 ? sql.length() : close + 2;
        }
        if (c == '\'' || c == '"') {
            return quotedEnd(sql, start, c);
        }
        if (Character.isLetter(c) || c == '_') {
            return whileMatches(sql, start, ch -> Character.isLetterOrDigit(ch) || ch == '_' || ch == '$');
        }
        if (Character.isDigit(c)) {
            return whileMatches(sql, start, ch -> Character.isDigit(ch) || ch == '.');
        }
        return start + 1;
    }

    /** A doubled quote inside a literal is an escaped quote; an unterminated literal runs to the end. */
    private static int quotedEnd(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int whileMatches(String sql, int start, java.util.function.IntPredicate predicate) {
        int i = start;
        while (i < sql.length() && predicate.test(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String cssClass(String sql, int start, String token) {
        char c = sql.charAt(start);
        if (token.startsWith("--") || token.startsWith("/*")) {
            return "sql-comment";
        }
        if (c == '\'') {
            return "sql-string";
        }
        if (c == '"') {
            return "sql-ident";
        }
        if (Character.isDigit(c)) {
            return "sql-number";
        }
        if ((Character.isLetter(c) || c == '_') && KEYWORDS.contains(token.toUpperCase(java.util.Locale.ROOT))) {
            return "sql-keyword";
        }
        return null;
    }
}
