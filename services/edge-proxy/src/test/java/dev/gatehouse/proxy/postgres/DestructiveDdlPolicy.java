package dev.gatehouse.proxy.postgres;

import dev.gatehouse.pgsql.PgLexer;
import dev.gatehouse.pgsql.Token;
import tools.jackson.databind.json.JsonMapper;

/**
 * A policy-service stub that decides like the demo policy's {@code db-no-destructive-ddl}: the statement
 * text is lexed (as UTF-8, standard_conforming_strings on, as the classifier does) and cut at its
 * semicolons; a statement that starts with DROP or TRUNCATE is denied, anything else allowed. Unlike the
 * real classifier it does not mark backslash-ambiguous text unparsed, so what stops the
 * standard_conforming_strings attacks here is the proxy's own rule alone.
 */
final class DestructiveDdlPolicy {

    static final String RULE = "db-no-destructive-ddl";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DestructiveDdlPolicy() {
    }

    static String decide(String decisionRequest) {
        String sql = JSON.readTree(decisionRequest).path("operation").path("statement").asString();
        return allows(sql) ? PgListenerTest.allow("db-reads", null) : PgListenerTest.deny(RULE);
    }

    /** What the rule lets through: an attack test asserts its text is such, or it would prove nothing. */
    static boolean allows(String sql) {
        boolean statementStart = true;
        for (Token token : PgLexer.tokenize(sql, true).tokens()) {
            if (token.isPunctuation(";")) {
                statementStart = true;
                continue;
            }
            if (statementStart && (token.isWord("drop") || token.isWord("truncate"))) {
                return false;
            }
            statementStart = false;
        }
        return true;
    }
}
