package dev.gatehouse.mysqlsql;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a token stream into statements at every {@code ;}, also inside parentheses or a compound body:
 * the server ends a statement at a top-level {@code ;} and fails one with a {@code ;} elsewhere, so a
 * cut there only shows more statements than run, never fewer. Strings, comments and quoted identifiers
 * were consumed by the lexer; a {@code ;} inside an executable comment's body is code and cuts too.
 */
public final class MySqlSplitter {

    /** Tokens {@code [from, to)} of one statement and its source text (comments kept, trimmed). */
    public record Piece(int from, int to, String text) {
    }

    private MySqlSplitter() {
    }

    public static List<Piece> split(List<MyToken> tokens, String sql) {
        List<Piece> pieces = new ArrayList<>();
        int from = 0;
        int textStart = 0;
        for (int i = 0; i < tokens.size(); i++) {
            MyToken token = tokens.get(i);
            if (token.isPunctuation(";")) {
                add(pieces, from, i, sql.substring(textStart, token.start()));
                from = i + 1;
                textStart = token.end();
            }
        }
        add(pieces, from, tokens.size(), sql.substring(textStart));
        return pieces;
    }

    /** Trims MySQL's whitespace only: a Unicode space is an identifier character to MySQL. */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && MySqlLexer.isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && MySqlLexer.isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static void add(List<Piece> pieces, int from, int to, String text) {
        if (to > from) {
            pieces.add(new Piece(from, to, strip(text)));
        }
    }
}
