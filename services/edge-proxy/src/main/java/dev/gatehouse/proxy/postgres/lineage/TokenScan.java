package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;

import java.util.List;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.punctuation;

/** Bracket-aware scans over a statement's tokens for {@link WriteClauses}. */
final class TokenScan {

    private TokenScan() {
    }

    /** What starts a query in parentheses ({@code INSERT INTO t (SELECT ...)}), not a column list. */
    static boolean query(Token token) {
        return token != null && (token.isWord("select") || token.isWord("with") || token.isWord("values")
                || token.isWord("table") || token.isPunctuation("("));
    }

    /** The index of the bracket closing the one at {@code open}; the end when unbalanced. */
    static int close(List<Token> t, int open) {
        int depth = 0;
        for (int k = open; k < t.size(); k++) {
            depth += opens(t.get(k)) ? 1 : closes(t.get(k)) ? -1 : 0;
            if (depth == 0) {
                return k;
            }
        }
        return t.size();
    }

    /** The first {@code word} outside brackets from {@code from}, or the end. */
    static int topLevel(List<Token> t, int from, String word) {
        int depth = 0;
        for (int k = from; k < t.size(); k++) {
            Token token = t.get(k);
            if (depth == 0 && token.isWord(word)) {
                return k;
            }
            depth += opens(token) ? 1 : closes(token) ? -1 : 0;
        }
        return t.size();
    }

    /** The end of an assigned value: a comma or WHERE/FROM/RETURNING outside brackets, or the end. */
    static int valueEnd(List<Token> t, int from) {
        int depth = 0;
        for (int k = from; k < t.size(); k++) {
            Token token = t.get(k);
            if (depth == 0 && (punctuation(token, ",") || ends(token))) {
                return k;
            }
            depth += opens(token) ? 1 : closes(token) ? -1 : 0;
        }
        return t.size();
    }

    static boolean ends(Token token) {
        return token.isWord("where") || token.isWord("from") || token.isWord("returning");
    }

    static boolean isEquals(Token token) {
        return token != null && token.type() == Token.Type.OPERATOR && token.value().equals("=");
    }

    static boolean opens(Token token) {
        return punctuation(token, "(") || punctuation(token, "[");
    }

    static boolean closes(Token token) {
        return punctuation(token, ")") || punctuation(token, "]");
    }

    static boolean any(boolean[] values) {
        for (boolean v : values) {
            if (v) {
                return true;
            }
        }
        return false;
    }
}
