package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import java.util.ArrayList;
import java.util.List;

/** A read position in one statement's tokens, for the statements classified from their keywords. */
final class TokenCursor {

    private final List<Token> tokens;
    private int position;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    boolean atEnd() {
        return position >= tokens.size();
    }

    int position() {
        return position;
    }

    Token peek(int ahead) {
        int index = position + ahead;
        return index < tokens.size() ? tokens.get(index) : null;
    }

    boolean peekWord(String word) {
        Token token = peek(0);
        return token != null && token.isWord(word);
    }

    /** Consumes the next token when it is one of {@code words}. */
    boolean acceptAny(String... words) {
        for (String word : words) {
            if (peekWord(word)) {
                position++;
                return true;
            }
        }
        return false;
    }

    /** Consumes {@code words} when they come next in this order. */
    boolean accept(String... words) {
        for (int i = 0; i < words.length; i++) {
            Token token = peek(i);
            if (token == null || !token.isWord(words[i])) {
                return false;
            }
        }
        position += words.length;
        return true;
    }

    boolean acceptPunctuation(String punctuation) {
        Token token = peek(0);
        if (token != null && token.isPunctuation(punctuation)) {
            position++;
            return true;
        }
        return false;
    }

    boolean acceptOperator(String operator) {
        Token token = peek(0);
        if (token != null && token.type() == Token.Type.OPERATOR && token.value().equals(operator)) {
            position++;
            return true;
        }
        return false;
    }

    /** Skips a parenthesised group when one comes next; false at unbalanced parentheses. */
    boolean skipParenthesised() {
        if (!peekIsOpen()) {
            return true;
        }
        int end = closing(position);
        if (end < 0) {
            return false;
        }
        position = end + 1;
        return true;
    }

    boolean peekIsOpen() {
        Token token = peek(0);
        return token != null && token.isPunctuation("(");
    }

    /** The index of the ')' matching the '(' at {@code open}, or -1. */
    int closing(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isPunctuation("(")) {
                depth++;
            } else if (token.isPunctuation(")") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** An identifier chain {@code a.b.c}, normalized by {@link TableNames}; null when none comes next. */
    String qualifiedName() {
        List<String> parts = nameParts();
        return parts.isEmpty() ? null : TableNames.of(parts);
    }

    /** The parts of an identifier chain {@code a.b.c}; empty when none comes next. */
    List<String> nameParts() {
        List<String> parts = new ArrayList<>(3);
        Token token = peek(0);
        if (token == null || !token.isIdentifier()) {
            return parts;
        }
        parts.add(token.value());
        position++;
        while (peekPunctuation(".") && peek(1) != null && peek(1).isIdentifier()) {
            parts.add(peek(1).value());
            position += 2;
        }
        return parts;
    }

    boolean peekPunctuation(String punctuation) {
        Token token = peek(0);
        return token != null && token.isPunctuation(punctuation);
    }

    /** The index of the first {@code word} at parenthesis depth 0 from here on, or -1. */
    int findWord(String word) {
        int depth = 0;
        for (int i = position; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isPunctuation("(")) {
                depth++;
            } else if (token.isPunctuation(")")) {
                depth--;
            } else if (depth == 0 && token.isWord(word)) {
                return i;
            }
        }
        return -1;
    }

    void moveTo(int index) {
        position = index;
    }

    List<Token> rest() {
        return tokens.subList(Math.min(position, tokens.size()), tokens.size());
    }

    List<Token> range(int from, int to) {
        return tokens.subList(from, to);
    }

    boolean containsWord(String word) {
        for (Token token : tokens) {
            if (token.isWord(word)) {
                return true;
            }
        }
        return false;
    }
}
