package dev.gatehouse.mysqlsql;

/**
 * A MySQL string with its literal values replaced by placeholders, for keying cached decisions: two
 * strings with the same fingerprint have the same tokens, by MySQL's lexical rules, except for the
 * values of strings and numbers, so the policy classifies them alike. PostgreSQL's fingerprint must
 * never key a MySQL statement: it drops {@code /*! ... *}{@code /} bodies as comments, and
 * {@code SELECT 1 /*! INTO OUTFILE '/tmp/x' *}{@code /} would share the decision of {@code SELECT 1}.
 */
public final class MySqlFingerprint {

    public static final int MAX_NORMALIZED_CHARS = 65_536;

    private MySqlFingerprint() {
    }

    public static String of(String sql) {
        if (sql == null) {
            return "";
        }
        if (sql.length() > MAX_NORMALIZED_CHARS) {
            return "raw:" + sql;
        }
        StringBuilder fingerprint = new StringBuilder(sql.length() + 8).append("mysql:");
        for (MyToken token : MySqlLexer.tokenize(sql).tokens()) {
            switch (token.type()) {
                case STRING -> fingerprint.append("'?'");
                case NUMBER -> fingerprint.append('?');
                case QUOTED_IDENTIFIER -> fingerprint.append('`').append(token.value().replace("`", "``")).append('`');
                case VARIABLE -> fingerprint.append('`').append(token.value().replace("`", "``")).append("`v");
                case ERROR -> fingerprint.append('\u0000').append(sql, token.start(), token.end()).append('\u0000');
                default -> fingerprint.append(token.value());
            }
            fingerprint.append(' ');
        }
        return fingerprint.toString();
    }
}
