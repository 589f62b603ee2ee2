package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import java.util.List;

/**
 * Writes a statement's tokens back as canonical text for JSqlParser, so that JSqlParser sees exactly
 * the tokens PostgreSQL sees: comments are gone, every string constant is {@code 's'} and every number
 * {@code 0} (their content never matters here, and no literal can reach a parse error message or the
 * classification cache key), identifiers are lower-cased or double-quoted. The text doubles as the
 * cache key of a classification.
 */
final class SqlRenderer {

    private SqlRenderer() {
    }

    /**
     * Returns null when JSqlParser would read the tokens differently from PostgreSQL: a lexical
     * error, a {@code ;} inside parentheses, an operator JSqlParser lexes as a comment ({@code //})
     * or a quote ({@code `}), a quoted identifier holding a dot (JSqlParser splits it into parts),
     * or two adjacent string constants (PostgreSQL rejects them unless a newline separates them, and
     * the lexer already joined those; JSqlParser would join them silently).
     */
    static String render(List<Token> tokens) {
        StringBuilder out = new StringBuilder(tokens.size() * 6);
        Token previous = null;
        for (Token token : tokens) {
            String text = token(token);
            if (token.type() == Token.Type.ERROR || token.isPunctuation(";") || token.type() == Token.Type.OPERATOR
                    && (text.contains("//") || text.contains("`")) || token.type() != Token.Type.STRING
                    && token.value().indexOf('.') >= 0 && token.isIdentifier()
                    || token.type() == Token.Type.STRING && previous != null && previous.type() == Token.Type.STRING) {
                return null;
            }
            if (previous != null && !previous.isPunctuation(".") && !token.isPunctuation(".")) {
                out.append(' ');
            }
            out.append(text);
            previous = token;
        }
        return out.toString();
    }

    /** One token's canonical text; an error token renders as its message. */
    static String token(Token token) {
        return switch (token.type()) {
            case WORD -> isPlainWord(token.value()) ? token.value() : quote(token.value());
            case QUOTED_IDENTIFIER -> quote(token.value());
            case STRING -> "'s'";
            case NUMBER -> "0";
            case PARAMETER, OPERATOR, PUNCTUATION, ERROR -> token.value();
        };
    }

    private static boolean isPlainWord(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return !word.isEmpty();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
