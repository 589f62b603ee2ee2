package dev.gatehouse.mysqlsql;

import java.util.List;
import java.util.Locale;

/**
 * The quoted forms of MySQL: '...' and (without ANSI_QUOTES) "..." strings where a doubled quote or a
 * backslash escapes the next character, {@code X'..'} and {@code B'..'} without escapes, `identifiers`
 * with doubled backticks, and {@code @variables} (quoted or not). An unterminated one swallows the
 * rest of the text as an error, as the server fails the whole statement.
 */
final class MyQuotes {

    private final String sql;
    private final MySqlMode mode;
    private final List<MyToken> tokens;
    boolean backslashSeen;
    boolean doubleQuoteSeen;

    MyQuotes(String sql, MySqlMode mode, List<MyToken> tokens) {
        this.sql = sql;
        this.mode = mode;
        this.tokens = tokens;
    }

    /** Reads the quoted token at {@code start}; returns the position after it. */
    int quoted(int start) {
        char c = sql.charAt(start);
        if (c == '`' || c == '"' && mode.ansiQuotes()) {
            doubleQuoteSeen |= c == '"';
            return identifier(start, c, MyToken.Type.QUOTED_IDENTIFIER, "");
        }
        if (c == '\'' || c == '"') {
            doubleQuoteSeen |= c == '"';
            return string(start, start);
        }
        if (c == 'n' || c == 'N') {
            return string(start, start + 1);
        }
        return bits(start);
    }

    private int string(int start, int quoteAt) {
        char quote = sql.charAt(quoteAt);
        int pos = quoteAt + 1;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\\') {
                backslashSeen = true;
                pos += mode.backslashEscapes() ? 2 : 1;
            } else if (c == quote && pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
                pos += 2;
            } else if (c == quote) {
                tokens.add(new MyToken(MyToken.Type.STRING, "", start, pos + 1));
                return pos + 1;
            } else {
                pos++;
            }
        }
        return unterminated(start, "unterminated quoted string");
    }

    /** X'..' and B'..': no escapes; the server rejects digits outside the radix. */
    private int bits(int start) {
        boolean hex = sql.charAt(start) == 'x' || sql.charAt(start) == 'X';
        int end = sql.indexOf('\'', start + 2);
        if (end < 0) {
            return unterminated(start, "unterminated quoted string");
        }
        for (int i = start + 2; i < end; i++) {
            char c = Character.toLowerCase(sql.charAt(i));
            boolean valid = hex ? MySqlLexer.isDigit(c) || (c >= 'a' && c <= 'f') : c == '0' || c == '1';
            if (!valid) {
                tokens.add(new MyToken(MyToken.Type.ERROR, "invalid digit in a " + (hex ? "hex" : "bit") + " string",
                        start, end + 1));
                return end + 1;
            }
        }
        tokens.add(new MyToken(MyToken.Type.STRING, "", start, end + 1));
        return end + 1;
    }

    private int identifier(int start, char quote, MyToken.Type type, String prefix) {
        StringBuilder name = new StringBuilder(prefix);
        int pos = start + 1;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == quote && pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
                name.append(quote);
                pos += 2;
            } else if (c == quote) {
                tokens.add(new MyToken(type, name.toString(), start, pos + 1));
                return pos + 1;
            } else {
                name.append(c);
                pos++;
            }
        }
        return unterminated(start, "unterminated quoted identifier");
    }

    /** {@code @name}, {@code @'name'}, {@code @`name`}, {@code @@name}, {@code @@session.name}. */
    int variable(int start) {
        boolean system = start + 1 < sql.length() && sql.charAt(start + 1) == '@';
        int pos = start + (system ? 2 : 1);
        String prefix = system ? "@@" : "@";
        if (!system && pos < sql.length() && "'\"`".indexOf(sql.charAt(pos)) >= 0) {
            int end = identifier(pos, sql.charAt(pos), MyToken.Type.VARIABLE, prefix);
            MyToken read = tokens.remove(tokens.size() - 1);
            tokens.add(new MyToken(read.type(), read.value(), start, read.end()));
            return end;
        }
        int end = pos;
        while (end < sql.length() && (MySqlLexer.isIdentifierChar(sql.charAt(end)) || sql.charAt(end) == '.')) {
            end++;
        }
        if (end == pos) {
            tokens.add(new MyToken(MyToken.Type.ERROR, "variable without a name", start, end));
            return end;
        }
        tokens.add(new MyToken(MyToken.Type.VARIABLE, prefix + sql.substring(pos, end).toLowerCase(Locale.ROOT),
                start, end));
        return end;
    }

    private int unterminated(int start, String message) {
        tokens.add(new MyToken(MyToken.Type.ERROR, message, start, sql.length()));
        return sql.length();
    }
}
