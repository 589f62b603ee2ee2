package dev.gatehouse.pgsql;

import java.util.List;

/**
 * A SQL string with its literal values replaced by placeholders, for keying cached decisions: two
 * strings with the same fingerprint have the same statements, kinds, tables and WHERE clauses, so the
 * policy decides them alike. Tokens are read with PostgreSQL's lexical rules (the same lexer the
 * policy-service classifier uses), so a quote inside a comment or a {@code ;} inside a dollar quote
 * can never make two different statements look alike. Comments and whitespace are dropped; strings
 * become {@code '?'} and numbers {@code ?}; identifiers and keywords stay.
 * <p>
 * Verbatim (no placeholder at all) when normalizing could hide a difference the classifier sees:
 * a backslash in a plain string (its meaning depends on standard_conforming_strings), or a string
 * longer than {@link #MAX_NORMALIZED_CHARS} (the classifier treats very long input specially; its
 * limit must stay above this one).
 */
public final class SqlFingerprint {

    public static final int MAX_NORMALIZED_CHARS = 65_536;

    private SqlFingerprint() {
    }

    public static String of(String sql) {
        if (sql == null) {
            return "";
        }
        if (sql.length() > MAX_NORMALIZED_CHARS) {
            return verbatim(sql);
        }
        PgLexer.Result lexed = PgLexer.tokenize(sql, true);
        if (lexed.conformingStringsSensitive()) {
            return verbatim(sql);
        }
        List<Token> tokens = lexed.tokens();
        StringBuilder fingerprint = new StringBuilder(sql.length() + 8).append("sql:");
        for (Token token : tokens) {
            switch (token.type()) {
                case STRING -> fingerprint.append("'?'");
                case NUMBER -> fingerprint.append('?');
                case QUOTED_IDENTIFIER -> fingerprint.append('"').append(token.value().replace("\"", "\"\"")).append('"');
                case ERROR -> fingerprint.append("\u0000").append(sql, token.start(), token.end()).append("\u0000");
                default -> fingerprint.append(token.value());
            }
            fingerprint.append(' ');
        }
        return fingerprint.toString();
    }

    private static String verbatim(String sql) {
        return "raw:" + sql;
    }
}
