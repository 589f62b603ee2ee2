package dev.gatehouse.pgsql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * PostgreSQL's scanner (src/backend/parser/scan.l, PostgreSQL 17) reduced to what decides statement
 * boundaries and meaning: comments (nested block comments), whitespace including vertical tab, the
 * string forms with their own escape rules and newline continuation, dollar quotes, quoted and
 * U&amp; identifiers, parameters, numbers with PostgreSQL 17's junk checks, and operators cut at an
 * embedded comment start. What PostgreSQL rejects while scanning becomes an {@link Token.Type#ERROR}
 * token; an unterminated construct swallows the rest of the input, as it does in PostgreSQL.
 */
public final class PgLexer {

    /** Lexing result; {@code conformingStringsSensitive}: a plain '' string held a backslash. */
    public record Result(List<Token> tokens, boolean conformingStringsSensitive) {
    }

    private static final Pattern NUMBER = Pattern.compile(
            "0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+"
                    + "|(([0-9](_?[0-9])*)(\\.([0-9](_?[0-9])*)?)?|\\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?");
    private static final String OPERATOR_CHARS = "~!@#^&|`?+-*/%<>=";

    private final String sql;
    private final int length;
    private final boolean standardConformingStrings;
    private final List<Token> tokens = new ArrayList<>();
    private final PgQuotes quotes;
    private int pos;

    private PgLexer(String sql, boolean standardConformingStrings) {
        this.sql = sql;
        this.length = sql.length();
        this.standardConformingStrings = standardConformingStrings;
        this.quotes = new PgQuotes(sql);
    }

    public static Result tokenize(String sql, boolean standardConformingStrings) {
        PgLexer lexer = new PgLexer(sql, standardConformingStrings);
        lexer.run();
        return new Result(PgQuotes.resolveUnicodeEscapes(lexer.tokens, sql), lexer.quotes.sawBackslashInPlainString());
    }

    private void run() {
        while (pos < length) {
            char c = sql.charAt(pos);
            char next = pos + 1 < length ? sql.charAt(pos + 1) : 0;
            if (PgIdentifiers.isSpace(c)) {
                pos++;
            } else if (c == '-' && next == '-') {
                pos = PgQuotes.endOfLineComment(sql, pos);
            } else if (c == '/' && next == '*') {
                blockComment();
            } else if (c == '\'' || c == '"' || isQuotePrefix(c, next)) {
                quoted(c, next);
            } else if (PgIdentifiers.isIdentifierStart(c)) {
                word();
            } else if (isDigit(c) || (c == '.' && isDigit(next))) {
                number();
            } else if (c == '$') {
                dollar(next);
            } else if (c == ':' || c == '.' || "()[],;".indexOf(c) >= 0) {
                punctuation(c, next);
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                operator();
            } else {
                add(Token.Type.ERROR, c == 0 ? "NUL character" : "unexpected character", pos, pos + 1);
                pos++;
            }
        }
    }

    private static boolean isQuotePrefix(char c, char next) {
        return next == '\'' && "eEnNbBxX".indexOf(c) >= 0 || (c == 'u' || c == 'U') && next == '&';
    }

    private void quoted(char c, char next) {
        int start = pos;
        if ((c == 'u' || c == 'U') && next == '&') {
            char quote = pos + 2 < length ? sql.charAt(pos + 2) : 0;
            if (quote != '\'' && quote != '"') {
                word();
                return;
            }
            pos = quote == '\'' ? quotes.string(start, pos + 3, PgQuotes.Mode.UNICODE, tokens)
                    : quotes.identifier(start, pos + 3, true, tokens);
        } else if (c == '"') {
            pos = quotes.identifier(start, pos + 1, false, tokens);
        } else if (c == '\'') {
            pos = quotes.string(start, pos + 1, plainMode(), tokens);
        } else {
            PgQuotes.Mode mode = switch (c) {
                case 'e', 'E' -> PgQuotes.Mode.ESCAPE;
                case 'b', 'B', 'x', 'X' -> PgQuotes.Mode.BIT;
                default -> plainMode(); // N'...' is NCHAR followed by an ordinary string
            };
            pos = quotes.string(start, pos + 2, mode, tokens);
        }
    }

    private PgQuotes.Mode plainMode() {
        return standardConformingStrings ? PgQuotes.Mode.STANDARD : PgQuotes.Mode.ESCAPE;
    }

    private void blockComment() {
        int depth = 0;
        int i = pos + 2;
        while (i < length) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                i += 2;
                if (depth-- == 0) {
                    pos = i;
                    return;
                }
            } else {
                i++;
            }
        }
        add(Token.Type.ERROR, "unterminated /* comment", pos, length);
        pos = length;
    }

    private void word() {
        int start = pos;
        while (pos < length && PgIdentifiers.isIdentifierPart(sql.charAt(pos))) {
            pos++;
        }
        add(Token.Type.WORD, PgIdentifiers.truncate(PgIdentifiers.downcase(sql.substring(start, pos))), start, pos);
    }

    private void number() {
        int start = pos;
        boolean prefixed = sql.charAt(pos) == '0' && pos + 1 < length && "xXoObB".indexOf(sql.charAt(pos + 1)) >= 0;
        if (prefixed) {
            pos += 2;
        } else {
            pos = digits(pos);
            if (pos < length && sql.charAt(pos) == '.' && !(pos + 1 < length && sql.charAt(pos + 1) == '.')) {
                pos = digits(pos + 1);
            }
            pos = exponent(pos);
        }
        // PostgreSQL 15+ rejects a number run into an identifier ("trailing junk after numeric literal").
        while (pos < length && (PgIdentifiers.isIdentifierPart(sql.charAt(pos)) && sql.charAt(pos) != '$')) {
            pos++;
        }
        boolean valid = allDigits(start, pos) || NUMBER.matcher(sql.substring(start, pos)).matches();
        add(valid ? Token.Type.NUMBER : Token.Type.ERROR, valid ? "" : "trailing junk after numeric literal",
                start, pos);
    }

    private boolean allDigits(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(sql.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private int digits(int i) {
        while (i < length && (isDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private int exponent(int i) {
        if (i < length && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < length && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < length && isDigit(sql.charAt(j))) {
                return digits(j);
            }
        }
        return i;
    }

    private void dollar(char next) {
        int start = pos;
        if (isDigit(next)) {
            pos = digits(pos + 1);
            boolean junk = pos < length && PgIdentifiers.isIdentifierPart(sql.charAt(pos));
            while (pos < length && PgIdentifiers.isIdentifierPart(sql.charAt(pos))) {
                pos++;
            }
            add(junk ? Token.Type.ERROR : Token.Type.PARAMETER, junk ? "trailing junk after parameter"
                    : sql.substring(start, pos), start, pos);
            return;
        }
        pos = quotes.dollar(start, tokens);
    }

    private void punctuation(char c, char next) {
        String text = String.valueOf(c);
        if (c == ':' && (next == ':' || next == '=')) {
            text = c + String.valueOf(next);
        } else if (c == '.' && next == '.') {
            text = "..";
        }
        add(Token.Type.PUNCTUATION, text, pos, pos + text.length());
        pos += text.length();
    }

    /** scan.l's {operator} rule: cut at an embedded comment start, drop trailing +/- unless exotic. */
    private void operator() {
        int end = pos;
        while (end < length && OPERATOR_CHARS.indexOf(sql.charAt(end)) >= 0) {
            end++;
        }
        String run = sql.substring(pos, end);
        int cut = run.length();
        int slashStar = run.indexOf("/*");
        int dashDash = run.indexOf("--");
        if (slashStar >= 0) {
            cut = slashStar;
        }
        if (dashDash >= 0 && dashDash < cut) {
            cut = dashDash;
        }
        while (cut > 1 && (run.charAt(cut - 1) == '+' || run.charAt(cut - 1) == '-')) {
            boolean exotic = false;
            for (int i = cut - 2; i >= 0 && !exotic; i--) {
                exotic = "~!@#^&|`?%".indexOf(run.charAt(i)) >= 0;
            }
            if (exotic) {
                break;
            }
            cut--;
        }
        add(Token.Type.OPERATOR, run.substring(0, cut), pos, pos + cut);
        pos += cut;
    }

    private void add(Token.Type type, String value, int start, int end) {
        tokens.add(new Token(type, value, start, end));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
