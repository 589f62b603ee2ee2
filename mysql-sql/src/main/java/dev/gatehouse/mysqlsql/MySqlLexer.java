package dev.gatehouse.mysqlsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MySQL's and MariaDB's scanner (sql_lex.cc) reduced to what decides statement boundaries and meaning:
 * {@code #} and {@code -- } comments (the dashes count only before whitespace, a control character or
 * the end), block comments, executable comments whose body is code ({@code /*! ... *}{@code /} and
 * {@code /*!NNNNN ... *}{@code /} when every supported server runs it), strings with backslash escapes
 * and doubled quotes, backticked identifiers, variables, numbers and identifiers that start with digits.
 * What the server rejects, or reads differently depending on its version or sql_mode in ways this
 * lexer cannot settle, becomes an {@link MyToken.Type#ERROR} token: a classification never allows it.
 */
public final class MySqlLexer {

    /**
     * Lexing result; {@code backslashSensitive}: a string held a backslash (NO_BACKSLASH_ESCAPES would
     * read it differently); {@code doubleQuoted}: a "..." token (ANSI_QUOTES would make it an identifier).
     */
    public record Result(List<MyToken> tokens, boolean backslashSensitive, boolean doubleQuoted) {
    }

    /**
     * A version-conditional comment up to this version runs on every server Gatehouse supports (MySQL 5.7
     * and later, MariaDB 10 and later); a newer one runs on some and is a comment on others.
     */
    public static final int VERSION_FLOOR = 50700;

    private static final String OPERATOR_CHARS = "=<>!+-*/%&|^~:";
    private static final String[] LONG_OPERATORS = {"<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", "&&", "||",
            ":=", "->"};

    private final String sql;
    private final int length;
    private final MySqlMode mode;
    private final List<MyToken> tokens = new ArrayList<>();
    private final MyQuotes quotes;
    private int pos;
    /** where the executable comment whose body is being read opened, or -1 */
    private int executableStart = -1;

    private MySqlLexer(String sql, MySqlMode mode) {
        this.sql = sql;
        this.length = sql.length();
        this.mode = mode;
        this.quotes = new MyQuotes(sql, mode, tokens);
    }

    public static Result tokenize(String sql, MySqlMode mode) {
        MySqlLexer lexer = new MySqlLexer(sql, mode);
        lexer.run();
        return new Result(List.copyOf(lexer.tokens), lexer.quotes.backslashSeen, lexer.quotes.doubleQuoteSeen);
    }

    public static Result tokenize(String sql) {
        return tokenize(sql, MySqlMode.DEFAULT);
    }

    private void run() {
        while (pos < length) {
            char c = sql.charAt(pos);
            char next = peek(1);
            if (executableStart >= 0 && c == '*' && next == '/') {
                pos += 2;
                executableStart = -1;
            } else if (isSpace(c)) {
                pos++;
            } else if (c == '#' || c == '-' && next == '-' && isCommentSpace(peek(2))) {
                lineComment();
            } else if (c == '/' && next == '*') {
                blockComment();
            } else if (c == '\'' || c == '"' || c == '`' || isStringPrefix(c, next)) {
                pos = quotes.quoted(pos);
            } else if (c == '@') {
                pos = quotes.variable(pos);
            } else if (isDigit(c) || c == '.' && isDigit(next) && !afterIdentifier()) {
                numberOrWord();
            } else if (isIdentifierChar(c)) {
                word(pos);
            } else if ("(),;.".indexOf(c) >= 0) {
                add(MyToken.Type.PUNCTUATION, String.valueOf(c), pos, ++pos);
            } else if (c == '?') {
                add(MyToken.Type.PARAMETER, "?", pos, ++pos);
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                operator();
            } else {
                add(MyToken.Type.ERROR, c == 0 ? "NUL character" : "unexpected character", pos, ++pos);
            }
        }
        if (executableStart >= 0) {
            add(MyToken.Type.ERROR, "unterminated executable comment", executableStart, length);
        }
    }

    private void lineComment() {
        if (executableStart >= 0) {
            // a line comment inside /*! ... */ may run over the */ on one server version and not another
            add(MyToken.Type.ERROR, "line comment inside an executable comment", pos, pos + 1);
        }
        int end = sql.indexOf('\n', pos); // MySQL ends # and -- comments at \n only, not at \r
        pos = end < 0 ? length : end;
    }

    private void blockComment() {
        int start = pos;
        if (executableStart >= 0) {
            add(MyToken.Type.ERROR, "comment inside an executable comment", start, start + 2);
            pos += 2;
            return;
        }
        if (peek(2) == '!') {
            executable(start);
            return;
        }
        if (peek(2) == 'M' && peek(3) == '!') {
            errorToCommentEnd(start, "MariaDB-only executable comment (/*M!): it runs on MariaDB and not on MySQL");
            return;
        }
        int end = sql.indexOf("*/", start + 2);
        if (end < 0) {
            add(MyToken.Type.ERROR, "unterminated comment", start, length);
            pos = length;
        } else {
            pos = end + 2;
        }
    }

    /** {@code /*!} or {@code /*!NNNNN}: the body is code when every supported server runs it. */
    private void executable(int start) {
        int digits = 0;
        while (isDigit(peek(3 + digits))) {
            digits++;
        }
        if (digits == 0) {
            executableStart = start;
            pos = start + 3;
        } else if (digits != 5) {
            // MySQL reads five digits and runs the rest; MariaDB reads six: the two disagree
            errorToCommentEnd(start, "executable comment with a " + digits + "-digit version");
        } else if (Integer.parseInt(sql, start + 3, start + 8, 10) <= VERSION_FLOOR) {
            executableStart = start;
            pos = start + 8;
        } else {
            errorToCommentEnd(start, "version-conditional comment newer than " + VERSION_FLOOR
                    + ": it runs on some servers and is a comment on others");
        }
    }

    private void errorToCommentEnd(int start, String message) {
        int end = sql.indexOf("*/", start + 2);
        pos = end < 0 ? length : end + 2;
        add(MyToken.Type.ERROR, message, start, pos);
    }

    /**
     * MySQL reads digits followed by identifier characters as an identifier ({@code 1abc}, {@code 0xzz});
     * a number with a fraction or exponent running into letters is ambiguous and an error here.
     */
    private void numberOrWord() {
        int start = pos;
        char next = peek(1);
        if (sql.charAt(pos) == '0' && (next == 'x' || next == 'b') && isRadixDigit(peek(2), next)) {
            int end = pos + 2;
            while (end < length && isRadixDigit(sql.charAt(end), next)) {
                end++;
            }
            if (end < length && isIdentifierChar(sql.charAt(end))) {
                word(start);
            } else {
                add(MyToken.Type.NUMBER, "", start, pos = end);
            }
            return;
        }
        int end = skipDigits(pos);
        boolean plain = true;
        if (end < length && sql.charAt(end) == '.') {
            end = skipDigits(end + 1);
            plain = false;
        }
        if (end < length && (sql.charAt(end) == 'e' || sql.charAt(end) == 'E')) {
            int exponent = end + 1 < length && (sql.charAt(end + 1) == '+' || sql.charAt(end + 1) == '-') ? end + 2 : end + 1;
            if (exponent < length && isDigit(sql.charAt(exponent))) {
                end = skipDigits(exponent);
                plain = false;
            }
        }
        if (end < length && isIdentifierChar(sql.charAt(end))) {
            if (plain) {
                word(start);
            } else {
                add(MyToken.Type.ERROR, "number running into an identifier", start, pos = end + 1);
            }
            return;
        }
        add(MyToken.Type.NUMBER, "", start, pos = end);
    }

    private void word(int start) {
        int end = start;
        while (end < length && isIdentifierChar(sql.charAt(end))) {
            end++;
        }
        add(MyToken.Type.WORD, sql.substring(start, end).toLowerCase(Locale.ROOT), start, end);
        pos = end;
    }

    private void operator() {
        for (String operator : LONG_OPERATORS) {
            if (sql.startsWith(operator, pos)) {
                add(MyToken.Type.OPERATOR, operator, pos, pos += operator.length());
                return;
            }
        }
        add(MyToken.Type.OPERATOR, String.valueOf(sql.charAt(pos)), pos, ++pos);
    }

    private boolean afterIdentifier() {
        if (tokens.isEmpty()) {
            return false;
        }
        MyToken last = tokens.get(tokens.size() - 1);
        return last.end() == pos && (last.isIdentifier() || last.type() == MyToken.Type.VARIABLE);
    }

    private int skipDigits(int from) {
        int end = from;
        while (end < length && isDigit(sql.charAt(end))) {
            end++;
        }
        return end;
    }

    private char peek(int ahead) {
        return pos + ahead < length ? sql.charAt(pos + ahead) : 0;
    }

    private void add(MyToken.Type type, String value, int start, int end) {
        tokens.add(new MyToken(type, value, start, end));
    }

    private static boolean isStringPrefix(char c, char next) {
        return next == '\'' && "xXbBnN".indexOf(c) >= 0;
    }

    private static boolean isRadixDigit(char c, char radix) {
        return radix == 'b' ? c == '0' || c == '1' : isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Letters, digits, {@code _}, {@code $} and every non-ASCII character (MySQL's identifier map). */
    static boolean isIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    /** After {@code --}: whitespace, a control character or the end of the text make it a comment. */
    private static boolean isCommentSpace(char c) {
        return c <= ' ' || c == 0x7F;
    }
}
