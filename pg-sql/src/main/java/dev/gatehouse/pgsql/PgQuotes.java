package dev.gatehouse.pgsql;

import java.util.ArrayList;
import java.util.List;

/**
 * The quoted forms of PostgreSQL's scanner. Each string form has its own rules: only E'' (and a plain
 * '' while standard_conforming_strings is off) treats a backslash as an escape, B'' and X'' do not
 * accept a doubled quote, and every form continues across a newline into a following '' (SQL's
 * string continuation). Dollar quotes end at the first identical delimiter, with no escapes at all.
 */
final class PgQuotes {

    enum Mode { STANDARD, ESCAPE, BIT, UNICODE }

    private final String sql;
    private final int length;
    private boolean backslashInPlainString;

    PgQuotes(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    boolean sawBackslashInPlainString() {
        return backslashInPlainString;
    }

    /** Scans a string whose body starts at {@code body}; returns the position after it. */
    int string(int start, int body, Mode mode, List<Token> tokens) {
        int i = body;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\'') {
                if (mode != Mode.BIT && i + 1 < length && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                int continued = continuation(i + 1);
                if (continued < 0) {
                    tokens.add(new Token(Token.Type.STRING, "", start, i + 1));
                    return i + 1;
                }
                i = continued + 1;
            } else if (c == '\\' && mode == Mode.ESCAPE) {
                i += 2;
            } else {
                if (c == '\\' && mode == Mode.STANDARD) {
                    backslashInPlainString = true;
                }
                i++;
            }
        }
        String what = mode == Mode.BIT ? "unterminated bit string literal" : "unterminated quoted string";
        tokens.add(new Token(Token.Type.ERROR, what, start, length));
        return length;
    }

    /**
     * After a closing quote: whitespace holding at least one newline (and -- comments) followed by a
     * quote continues the string. Returns the index of that quote, or -1.
     */
    private int continuation(int from) {
        int i = from;
        boolean newline = false;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\n' || c == '\r') {
                newline = true;
                i++;
            } else if (PgIdentifiers.isSpace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = endOfLineComment(sql, i);
            } else {
                break;
            }
        }
        return newline && i < length && sql.charAt(i) == '\'' ? i : -1;
    }

    int identifier(int start, int body, boolean unicode, List<Token> tokens) {
        StringBuilder name = new StringBuilder();
        int i = body;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '"') {
                if (i + 1 < length && sql.charAt(i + 1) == '"') {
                    name.append('"');
                    i += 2;
                    continue;
                }
                if (name.isEmpty()) {
                    tokens.add(new Token(Token.Type.ERROR, "zero-length delimited identifier", start, i + 1));
                } else {
                    // U& names are decoded (then truncated) once a UESCAPE clause has been seen or not.
                    String value = unicode ? name.toString() : PgIdentifiers.truncate(name.toString());
                    tokens.add(new Token(Token.Type.QUOTED_IDENTIFIER, value, start, i + 1));
                }
                return i + 1;
            }
            name.append(c);
            i++;
        }
        tokens.add(new Token(Token.Type.ERROR, "unterminated quoted identifier", start, length));
        return length;
    }

    /** {@code $tag$...$tag$}; a {@code $} that starts no delimiter is an error, as in PostgreSQL. */
    int dollar(int start, List<Token> tokens) {
        int i = start + 1;
        if (i < length && isTagStart(sql.charAt(i))) {
            i++;
            while (i < length && (isTagStart(sql.charAt(i)) || (sql.charAt(i) >= '0' && sql.charAt(i) <= '9'))) {
                i++;
            }
        }
        if (i >= length || sql.charAt(i) != '$') {
            tokens.add(new Token(Token.Type.ERROR, "unexpected character", start, start + 1));
            return start + 1;
        }
        String delimiter = sql.substring(start, i + 1);
        int close = sql.indexOf(delimiter, i + 1);
        if (close < 0) {
            tokens.add(new Token(Token.Type.ERROR, "unterminated dollar-quoted string", start, length));
            return length;
        }
        tokens.add(new Token(Token.Type.STRING, "", start, close + delimiter.length()));
        return close + delimiter.length();
    }

    static int endOfLineComment(String sql, int from) {
        int i = from;
        while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /**
     * Applies {@code UESCAPE 'c'} clauses to the preceding U&amp; literal (PostgreSQL's parser does
     * this with one token of lookahead) and decodes U&amp; identifiers.
     */
    static List<Token> resolveUnicodeEscapes(List<Token> tokens, String sql) {
        List<Token> out = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!isUnicodeLiteral(token, sql)) {
                if (out != null) {
                    out.add(token);
                }
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(tokens.subList(0, i));
            }
            char escape = '\\';
            int end = token.end();
            if (i + 1 < tokens.size() && tokens.get(i + 1).isWord("uescape")) {
                Token clause = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
                if (clause == null || clause.type() != Token.Type.STRING || clause.end() - clause.start() != 3
                        || sql.charAt(clause.start()) != '\''
                        || !PgIdentifiers.isValidUnicodeEscapeCharacter(sql.charAt(clause.start() + 1))) {
                    out.add(new Token(Token.Type.ERROR, "invalid Unicode escape character", token.start(), token.end()));
                    continue;
                }
                escape = sql.charAt(clause.start() + 1);
                end = clause.end();
                i += 2;
            }
            out.add(decoded(token, escape, end));
        }
        return out == null ? tokens : out;
    }

    private static boolean isUnicodeLiteral(Token token, String sql) {
        return (token.type() == Token.Type.STRING || token.type() == Token.Type.QUOTED_IDENTIFIER)
                && token.end() - token.start() > 2 && (sql.charAt(token.start()) | 0x20) == 'u'
                && sql.charAt(token.start() + 1) == '&';
    }

    private static Token decoded(Token token, char escape, int end) {
        if (token.type() == Token.Type.STRING) {
            return new Token(Token.Type.STRING, "", token.start(), end);
        }
        String name = PgIdentifiers.decodeUnicode(token.value(), escape);
        return name == null || name.isEmpty()
                ? new Token(Token.Type.ERROR, "invalid Unicode escape", token.start(), end)
                : new Token(Token.Type.QUOTED_IDENTIFIER, PgIdentifiers.truncate(name), token.start(), end);
    }

    private static boolean isTagStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }
}
