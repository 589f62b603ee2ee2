package dev.gatehouse.policy.sql;

import dev.gatehouse.mysqlsql.MyToken;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static java.util.Map.entry;

/**
 * Classifies one MySQL statement. Queries, DML and DDL go to the shared analyser (JSqlParser's AST,
 * definition keywords) through {@link MysqlTokens}; MySQL's own statements are read here by their first
 * words: {@code LOAD DATA} is its own kind, {@code PREPARE}/{@code EXECUTE} run text known only at
 * run time, {@code HANDLER} is {@code other}, {@code SELECT … INTO OUTFILE|DUMPFILE} writes a server file
 * (a {@code copy}). A statement that starts with anything else is unparsed: never allowed outright.
 */
final class MysqlStatements {

    private static final Set<String> SHARED = Set.of("select", "with", "values", "table", "insert", "update",
            "delete", "create", "alter", "drop", "truncate", "grant", "revoke");

    private static final Map<String, SqlKind> BY_HEAD = Map.ofEntries(
            entry("show", SqlKind.SHOW), entry("describe", SqlKind.SHOW), entry("desc", SqlKind.SHOW),
            entry("help", SqlKind.SHOW), entry("use", SqlKind.SESSION), entry("deallocate", SqlKind.SESSION),
            entry("prepare", SqlKind.DYNAMIC_SQL), entry("execute", SqlKind.DYNAMIC_SQL), entry("do", SqlKind.DO),
            entry("call", SqlKind.CALL), entry("start", SqlKind.TRANSACTION), entry("commit", SqlKind.TRANSACTION),
            entry("rollback", SqlKind.TRANSACTION), entry("savepoint", SqlKind.TRANSACTION),
            entry("release", SqlKind.TRANSACTION), entry("xa", SqlKind.TRANSACTION), entry("lock", SqlKind.LOCK),
            entry("unlock", SqlKind.LOCK), entry("rename", SqlKind.ALTER), entry("optimize", SqlKind.MAINTENANCE),
            entry("repair", SqlKind.MAINTENANCE), entry("check", SqlKind.MAINTENANCE),
            entry("checksum", SqlKind.MAINTENANCE),
            entry("flush", SqlKind.ADMIN_FUNCTION), entry("kill", SqlKind.ADMIN_FUNCTION),
            entry("install", SqlKind.ADMIN_FUNCTION), entry("uninstall", SqlKind.ADMIN_FUNCTION),
            entry("reset", SqlKind.ADMIN_FUNCTION), entry("purge", SqlKind.ADMIN_FUNCTION),
            entry("change", SqlKind.ADMIN_FUNCTION), entry("stop", SqlKind.ADMIN_FUNCTION),
            entry("shutdown", SqlKind.ADMIN_FUNCTION), entry("binlog", SqlKind.ADMIN_FUNCTION),
            entry("cache", SqlKind.ADMIN_FUNCTION), entry("restart", SqlKind.ADMIN_FUNCTION),
            entry("signal", SqlKind.OTHER), entry("resignal", SqlKind.OTHER), entry("get", SqlKind.OTHER));

    /** Server-side functions with effects beyond computing a value. */
    private static final Set<String> ADMIN_FUNCTIONS = Set.of("load_file", "sys_exec", "sys_eval", "sleep",
            "benchmark", "get_lock", "release_lock", "master_pos_wait", "source_pos_wait");

    private MysqlStatements() {
    }

    static Classification classify(List<MyToken> tokens, Function<List<dev.gatehouse.pgsql.Token>, Classification> shared) {
        for (MyToken token : tokens) {
            if (token.type() == MyToken.Type.ERROR) {
                return Classification.unparsed(token.value());
            }
        }
        MyToken first = tokens.getFirst();
        String head = first.type() == MyToken.Type.WORD ? first.value() : first.isPunctuation("(") ? "select" : "";
        return statement(head, tokens, shared).withKinds(risks(tokens));
    }

    private static Classification statement(String head, List<MyToken> tokens,
                                            Function<List<dev.gatehouse.pgsql.Token>, Classification> shared) {
        String second = tokens.size() > 1 && tokens.get(1).type() == MyToken.Type.WORD ? tokens.get(1).value() : "";
        if (head.equals("drop") && second.equals("prepare")) {
            return Classification.of(SqlKind.SESSION);
        }
        if (SHARED.contains(head)) {
            return shared.apply(MysqlTokens.of(tokens));
        }
        return switch (head) {
            case "replace" -> shared.apply(asInsert(tokens)).withKinds(EnumSet.of(SqlKind.INSERT, SqlKind.DELETE));
            // reads rows by index, past any WHERE a rule could ask for: a kind rules name on purpose
            case "handler" -> Classification.of(SqlKind.OTHER, MysqlNames.after(tokens, 1));
            case "load" -> Classification.of(SqlKind.LOAD_DATA, MysqlNames.afterWords(tokens, "into", "table"));
            case "explain" -> explain(tokens, shared);
            // MariaDB's ANALYZE <statement> runs the statement; ANALYZE TABLE is maintenance
            case "analyze" -> Set.of("table", "tables", "no_write_to_binlog", "local").contains(second)
                    ? Classification.of(SqlKind.MAINTENANCE).withColumns(ColumnUse.NONE) : explain(tokens, shared);
            case "set" -> MysqlSettings.classify(tokens);
            case "begin" -> second.equals("not") ? Classification.unparsed("a MariaDB anonymous compound block")
                    .withKinds(EnumSet.of(SqlKind.DO)) : Classification.of(SqlKind.TRANSACTION);
            default -> {
                SqlKind kind = BY_HEAD.get(head);
                yield kind == null ? Classification.unparsed("not a statement Gatehouse reads on MySQL")
                        : Classification.of(kind).withColumns(ColumnUse.NONE);
            }
        };
    }

    /** EXPLAIN of a statement is classified with it; EXPLAIN of a table is DESCRIBE. */
    private static Classification explain(List<MyToken> tokens,
                                          Function<List<dev.gatehouse.pgsql.Token>, Classification> shared) {
        if (tokens.size() == 2 || tokens.size() == 4 && tokens.get(2).isPunctuation(".")) {
            return Classification.of(SqlKind.SHOW);
        }
        return Classification.of(SqlKind.EXPLAIN).plus(classify(tokens.subList(1, tokens.size()), shared));
    }

    private static List<dev.gatehouse.pgsql.Token> asInsert(List<MyToken> tokens) {
        List<dev.gatehouse.pgsql.Token> converted = new java.util.ArrayList<>(MysqlTokens.of(tokens));
        dev.gatehouse.pgsql.Token first = converted.getFirst();
        converted.set(0, new dev.gatehouse.pgsql.Token(first.type(), "insert", first.start(), first.end()));
        return converted;
    }

    private static Set<SqlKind> risks(List<MyToken> tokens) {
        EnumSet<SqlKind> kinds = EnumSet.noneOf(SqlKind.class);
        for (int i = 0; i < tokens.size(); i++) {
            MyToken token = tokens.get(i);
            MyToken next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (token.isWord("into") && next != null && (next.isWord("outfile") || next.isWord("dumpfile"))) {
                kinds.add(SqlKind.COPY);
            } else if (token.type() == MyToken.Type.WORD && ADMIN_FUNCTIONS.contains(token.value()) && next != null
                    && next.isPunctuation("(")) {
                kinds.add(SqlKind.ADMIN_FUNCTION);
            }
        }
        return kinds;
    }
}
