package dev.gatehouse.policy.sql;

import dev.gatehouse.mysqlsql.MyToken;

import java.util.List;
import java.util.Set;

/** Table names read from MySQL statements the shared analyser does not parse. */
final class MysqlNames {

    private MysqlNames() {
    }

    /** The possibly qualified name starting at {@code index}: {@code db.t}, {@code t}; none when absent. */
    static Set<String> after(List<MyToken> tokens, int index) {
        if (index >= tokens.size() || !tokens.get(index).isIdentifier()) {
            return Set.of();
        }
        String name = tokens.get(index).value();
        if (index + 2 < tokens.size() && tokens.get(index + 1).isPunctuation(".") && tokens.get(index + 2).isIdentifier()) {
            name = name + "." + tokens.get(index + 2).value();
        }
        return Set.of(name);
    }

    /** The name after the words {@code first second} ({@code INTO TABLE t}). */
    static Set<String> afterWords(List<MyToken> tokens, String first, String second) {
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (tokens.get(i).isWord(first) && tokens.get(i + 1).isWord(second)) {
                return after(tokens, i + 2);
            }
        }
        return Set.of();
    }
}
