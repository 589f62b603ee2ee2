package dev.gatehouse.policy.sql;

import dev.gatehouse.mysqlsql.MyToken;

import java.util.EnumSet;
import java.util.List;

/**
 * MySQL's {@code SET}: a session setting or user variable ({@code set}); a server-wide one
 * ({@code GLOBAL}, {@code PERSIST}, {@code @@global.x}) is also an {@code admin-function};
 * {@code SET PASSWORD} and {@code SET DEFAULT ROLE} change an account ({@code alter}). A value computed
 * by a query is unparsed: the query's rows would reach the client through a variable, unmasked.
 */
final class MysqlSettings {

    private MysqlSettings() {
    }

    static Classification classify(List<MyToken> tokens) {
        EnumSet<SqlKind> kinds = EnumSet.of(SqlKind.SET);
        for (MyToken token : tokens) {
            if (token.isWord("select")) {
                return Classification.unparsed("a SET whose value is computed by a query").withKinds(kinds);
            }
            if (token.isWord("global") || token.isWord("persist") || token.isWord("persist_only")
                    || token.type() == MyToken.Type.VARIABLE && (token.value().startsWith("@@global.")
                    || token.value().startsWith("@@persist"))) {
                kinds.add(SqlKind.ADMIN_FUNCTION);
            }
        }
        if (tokens.size() > 1 && (tokens.get(1).isWord("password") || tokens.get(1).isWord("default"))) {
            kinds.add(SqlKind.ALTER);
        }
        return Classification.of(kinds, java.util.Set.of(), false).withColumns(ColumnUse.NONE);
    }
}
