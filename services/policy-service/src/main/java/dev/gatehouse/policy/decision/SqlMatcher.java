package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.glob.GlobSet;
import dev.gatehouse.policy.sql.SqlKind;
import dev.gatehouse.policy.sql.SqlStatement;

import java.util.EnumSet;
import java.util.Set;

/**
 * A rule's {@code sql} block, matched against one statement. Kinds and tables are sets per statement,
 * matched by the action's direction: an allow rule must cover all of them (allowing {@code select}
 * does not allow a select that also deletes through a CTE), a deny or review rule matches when any is
 * named. An unqualified table glob matches the table's own name in any schema; an unqualified table
 * name in a statement is taken as {@code public.name}.
 */
final class SqlMatcher {

    private final Set<SqlKind> kinds;
    private final GlobSet tables;
    private final GlobSet unqualified;
    private final boolean withoutWhere;
    private final boolean allow;

    SqlMatcher(OperationMatch.Sql sql, Action action) {
        EnumSet<SqlKind> set = EnumSet.noneOf(SqlKind.class);
        sql.kinds().forEach(name -> set.add(SqlKind.byPolicyName(name).orElseThrow(
                () -> new IllegalArgumentException("unknown SQL kind " + name))));
        this.kinds = set;
        this.tables = GlobSet.compile(sql.tables());
        this.unqualified = GlobSet.compile(sql.tables().stream().filter(glob -> !glob.contains(".")).toList());
        this.withoutWhere = Boolean.TRUE.equals(sql.withoutWhere());
        this.allow = action == Action.ALLOW;
    }

    String mismatch(SqlStatement statement, boolean explain) {
        if (!kinds.isEmpty() && !kindsMatch(statement.kinds())) {
            return explain ? "statement kinds " + names(statement.kinds()) + (allow ? " not all in " : " none in ")
                    + names(kinds) : Mismatch.NO;
        }
        if (!tables.isEmpty() && !tablesMatch(statement.tables())) {
            return explain ? "tables " + statement.tables() + (allow ? " not all in " : " none in ") + tables
                    : Mismatch.NO;
        }
        if (withoutWhere && !statement.unboundedWrite()) {
            return explain ? "not an UPDATE or DELETE without WHERE" : Mismatch.NO;
        }
        return null;
    }

    private boolean kindsMatch(Set<SqlKind> statementKinds) {
        if (allow) {
            return !statementKinds.isEmpty() && kinds.containsAll(statementKinds);
        }
        for (SqlKind kind : statementKinds) {
            if (kinds.contains(kind)) {
                return true;
            }
        }
        return false;
    }

    private boolean tablesMatch(Set<String> statementTables) {
        if (allow) {
            for (String table : statementTables) {
                if (!tableMatches(table)) {
                    return false;
                }
            }
            return true;
        }
        for (String table : statementTables) {
            if (tableMatches(table)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code schema.table} matches a glob written qualified, or an unqualified glob by its bare name.
     * An unqualified {@code table} is resolved by the session's search_path, which the proxy does not
     * track: it counts as {@code public.table}, the default path. Changing the path is a {@code set}
     * statement, which a policy should not allow to callers it restricts by schema.
     */
    private boolean tableMatches(String table) {
        if (tables.matches(table)) {
            return true;
        }
        int dot = table.lastIndexOf('.');
        if (dot >= 0) {
            return unqualified.matches(table.substring(dot + 1));
        }
        return tables.matches("public." + table);
    }

    private static String names(Set<SqlKind> kinds) {
        return kinds.stream().map(SqlKind::policyName).toList().toString();
    }
}
