package dev.gatehouse.policy.sql;

import dev.gatehouse.mysqlsql.MyToken;
import dev.gatehouse.pgsql.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * MySQL tokens as the shared analyser's tokens, so that DML and DDL are classified by the same code for
 * both databases: `backticked` names become quoted identifiers, variables and {@code ?} become
 * parameters (their values are not known when deciding), and a charset introducer before a string
 * ({@code _utf8mb4'x'}) is dropped, as it only tells the server how to read the string's bytes.
 */
final class MysqlTokens {

    private static final Set<String> INTRODUCERS = Set.of("_utf8mb4", "_utf8mb3", "_utf8", "_binary", "_latin1",
            "_ascii");

    private MysqlTokens() {
    }

    static List<Token> of(List<MyToken> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            MyToken token = tokens.get(i);
            if (token.type() == MyToken.Type.WORD && INTRODUCERS.contains(token.value()) && i + 1 < tokens.size()
                    && tokens.get(i + 1).type() == MyToken.Type.STRING) {
                continue;
            }
            out.add(new Token(type(token.type()), value(token), token.start(), token.end()));
        }
        return out;
    }

    private static Token.Type type(MyToken.Type type) {
        return switch (type) {
            case WORD -> Token.Type.WORD;
            case QUOTED_IDENTIFIER -> Token.Type.QUOTED_IDENTIFIER;
            case STRING -> Token.Type.STRING;
            case NUMBER -> Token.Type.NUMBER;
            case VARIABLE, PARAMETER -> Token.Type.PARAMETER;
            case OPERATOR -> Token.Type.OPERATOR;
            case PUNCTUATION -> Token.Type.PUNCTUATION;
            case ERROR -> Token.Type.ERROR;
        };
    }

    private static String value(MyToken token) {
        return token.type() == MyToken.Type.VARIABLE || token.type() == MyToken.Type.PARAMETER ? "?" : token.value();
    }
}
