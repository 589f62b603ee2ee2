package dev.gatehouse.policy.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one statement mentions columns, by position, so that a policy can tell a plain read of a
 * column (its value goes to the client, where the proxy masks it by its source) from every use that
 * lets the value decide something the client sees unmasked: a filter, a sort, a join, a computation,
 * a write elsewhere. Names are as PostgreSQL resolves them (unquoted lower-cased, quoted exact); the
 * name {@value #ALL} stands for the columns a {@code *} expands to, which the statement cannot name.
 *
 * @param read     columns read as plain select-list items of a query whose rows go to the client (the
 *                 top-level SELECT, its CTEs and FROM subqueries), and {@value #ALL} for {@code *}
 * @param used     every other mention: column name → where it first occurs ({@code WHERE}, {@code ORDER BY},
 *                 {@code an expression in the select list}, ...)
 * @param renamed  output name → the column names it carries: {@code api_key AS k}, a column alias list
 *                 {@code x(k)} over a subquery, CTE or table (by position, or {@value #ALL} when it cannot
 *                 be told), so that a later use of {@code k} counts as a use of {@code api_key}
 * @param wholeRow the first reference to a whole row (a FROM item's name used as a value, {@code u.*}
 *                 inside an expression, a function over {@code *} other than {@code count(*)}, a
 *                 row-taking function called as {@code u.to_jsonb}), described for a reason; null when none
 */
public record ColumnUse(Set<String> read, Map<String, String> used, Map<String, Set<String>> renamed,
                        String wholeRow) {

    /** The columns behind a {@code *}: unknown to the statement, so possibly any masked one. */
    public static final String ALL = "*";

    /** A statement that mentions no column (SET, BEGIN, DROP TABLE, ...). */
    public static final ColumnUse NONE = new ColumnUse(Set.of(), Map.of(), Map.of(), null);

    public ColumnUse {
        read = Collections.unmodifiableSet(new LinkedHashSet<>(read));
        used = Collections.unmodifiableMap(new LinkedHashMap<>(used));
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        renamed.forEach((name, sources) -> copy.put(name, Set.copyOf(sources)));
        renamed = Collections.unmodifiableMap(copy);
    }

    /** This statement's uses together with those of a statement it carries (EXPLAIN, PREPARE, DECLARE ...). */
    ColumnUse plus(ColumnUse inner) {
        if (inner.equals(NONE)) {
            return this;
        }
        Set<String> allRead = new LinkedHashSet<>(read);
        allRead.addAll(inner.read);
        Map<String, String> allUsed = new LinkedHashMap<>(used);
        inner.used.forEach(allUsed::putIfAbsent);
        Map<String, Set<String>> allRenamed = new LinkedHashMap<>(renamed);
        inner.renamed.forEach((name, sources) -> allRenamed.merge(name, sources, ColumnUse::union));
        return new ColumnUse(allRead, allUsed, allRenamed, wholeRow != null ? wholeRow : inner.wholeRow);
    }

    /**
     * The same query when its rows do not go to the client but somewhere the proxy cannot mask them
     * (a table created from it, COPY): every plain read becomes a use at {@code where}.
     */
    ColumnUse diverted(String where) {
        Map<String, String> allUsed = new LinkedHashMap<>(used);
        read.forEach(name -> allUsed.putIfAbsent(name, where));
        return new ColumnUse(Set.of(), allUsed, renamed, wholeRow);
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        Set<String> all = new LinkedHashSet<>(one);
        all.addAll(other);
        return all;
    }
}
