package dev.gatehouse.pgsql;

/**
 * One lexical token of PostgreSQL SQL with its source span. {@code value} is what PostgreSQL makes of
 * the token: words are lower-cased and truncated like identifiers, quoted identifiers are decoded;
 * strings and numbers keep no value (their content never matters to a classification and must not
 * leak into one); an error token carries the lexical error message.
 */
public record Token(Type type, String value, int start, int end) {

    public enum Type {
        /** an unquoted identifier or keyword, lower-cased */
        WORD,
        /** "quoted" or U&"quoted" identifier, decoded */
        QUOTED_IDENTIFIER,
        /** any string constant: '', E'', N'', B'', X'', U&'', $tag$ $tag$ */
        STRING,
        NUMBER,
        /** $1 */
        PARAMETER,
        OPERATOR,
        /** ( ) [ ] , ; . : :: := .. */
        PUNCTUATION,
        /** what PostgreSQL rejects while scanning: the statement can never run as written */
        ERROR
    }

    public boolean isWord(String word) {
        return type == Type.WORD && value.equals(word);
    }

    public boolean isPunctuation(String punctuation) {
        return type == Type.PUNCTUATION && value.equals(punctuation);
    }

    public boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENTIFIER;
    }
}
