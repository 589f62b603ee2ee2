package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a token stream where PostgreSQL ends a statement: at a {@code ;} outside parentheses. Strings,
 * comments and dollar quotes were already consumed by the lexer, so no {@code ;} inside them is seen.
 * Inside parentheses PostgreSQL's grammar never ends a statement (CREATE RULE ... DO ( a ; b ) is one
 * statement; anything else there is a syntax error that runs nothing), so neither does this.
 * The one place PostgreSQL keeps a top-level {@code ;} inside a statement, a SQL-standard function
 * body ({@code BEGIN ATOMIC ... ; ... END}), is cut here too: each piece is then classified on its own,
 * which can only add kinds, never hide one.
 */
final class StatementSplitter {

    /** Tokens {@code [from, to)} of one statement and its source text (comments kept, trimmed). */
    record Piece(int from, int to, String text) {
    }

    private StatementSplitter() {
    }

    static List<Piece> split(List<Token> tokens, String sql) {
        List<Piece> pieces = new ArrayList<>();
        int depth = 0;
        int from = 0;
        int textStart = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.type() != Token.Type.PUNCTUATION) {
                continue;
            }
            switch (token.value()) {
                case "(" -> depth++;
                case ")" -> depth--;
                case ";" -> {
                    if (depth <= 0) {
                        add(pieces, from, i, sql.substring(textStart, token.start()));
                        from = i + 1;
                        textStart = token.end();
                        depth = 0;
                    }
                }
                default -> {
                }
            }
        }
        add(pieces, from, tokens.size(), sql.substring(textStart));
        return pieces;
    }

    private static void add(List<Piece> pieces, int from, int to, String text) {
        if (to > from) {
            pieces.add(new Piece(from, to, text.strip()));
        }
    }
}
