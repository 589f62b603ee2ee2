package dev.gatehouse.mysqlsql;

/**
 * One lexical token of MySQL / MariaDB SQL with its source span. {@code value}: words lower-cased,
 * quoted identifiers decoded, variables lower-cased with their {@code @}/{@code @@} prefix; strings and
 * numbers keep no value (their content must not leak into a classification); an error token carries
 * the reason the text cannot be read with certainty.
 */
public record MyToken(Type type, String value, int start, int end) {

    public enum Type {
        /** an unquoted identifier or keyword, lower-cased */
        WORD,
        /** `backticked` (or "double-quoted" under ANSI_QUOTES) identifier, decoded */
        QUOTED_IDENTIFIER,
        /** '...', "..." (without ANSI_QUOTES), X'..', B'..', N'..' */
        STRING,
        /** 12, 1.5e3, 0x1F, 0b01 */
        NUMBER,
        /** {@code @user_variable}, {@code @@system_variable}, {@code @@session.name} */
        VARIABLE,
        /** a {@code ?} placeholder */
        PARAMETER,
        OPERATOR,
        /** ( ) , ; . */
        PUNCTUATION,
        /** what the server would reject, or read differently depending on its version: never allow */
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
