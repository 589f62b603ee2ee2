package dev.gatehouse.policy.decision;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.policy.glob.ColumnGlob;
import dev.gatehouse.policy.sql.ColumnUse;
import dev.gatehouse.policy.sql.SqlStatement;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule's masking {@code columns}, held against a SQL statement the rule would allow or review. The
 * proxy masks a column's values in the rows it returns, by their source; that only protects a value
 * the statement returns as it is. Any other use lets the value decide what the client sees unmasked:
 * a filter or join ({@code WHERE api_key LIKE 'ak_4%'} answers yes or no, and a binary search reads the
 * key character by character), a sort or grouping (the order or the groups), a computation (a cast's
 * error echoes the value, {@code lower(api_key)} has no source to mask by), a copy into a table or COPY
 * data, a write's RETURNING, a whole-row value. Such a statement is refused, as is one whose column
 * mentions are unknown, or that reads the column statistics (which hold sampled values).
 */
final class MaskedColumns {

    static final String RULE = "it may be read as a plain column, never filtered, sorted, grouped, joined on, "
            + "computed with, written elsewhere or returned by a write";

    /** PostgreSQL's statistics views: histogram bounds and most common values are sampled column values. */
    private static final Set<String> STATISTICS = Set.of("pg_stats", "pg_stats_ext", "pg_stats_ext_exprs",
            "pg_statistic", "pg_statistic_ext_data");

    private final String ruleId;
    private final ColumnGlob[] globs;

    private MaskedColumns(String ruleId, List<String> columns) {
        this.ruleId = ruleId;
        this.globs = columns.stream().map(ColumnGlob::compile).toArray(ColumnGlob[]::new);
    }

    /** Null when the masking names no column. */
    static MaskedColumns of(String ruleId, MaskingDirectives masking) {
        return masking.columns().isEmpty() ? null : new MaskedColumns(ruleId, masking.columns());
    }

    /** Null when the statement returns masked columns only as plain columns; else why it is refused. */
    String refusal(SqlStatement statement) {
        ColumnUse use = statement.columns();
        if (use == null) {
            return "the statement could not be analysed for masked columns (rule " + ruleId + " masks columns): "
                    + "only queries and writes parsed into a syntax tree can be";
        }
        if (use.wholeRow() != null) {
            return "the statement uses a whole row (" + use.wholeRow() + "), which carries the columns rule " + ruleId
                    + " masks: " + RULE;
        }
        for (String table : statement.tables()) {
            String name = table.substring(table.lastIndexOf('.') + 1);
            if (STATISTICS.contains(name)) {
                return "the statement reads " + name + ", whose statistics hold sampled values of the columns rule "
                        + ruleId + " masks";
            }
        }
        return use.used().isEmpty() ? null : usedRefusal(use);
    }

    /** A statement that did not parse, while this rule could otherwise decide it: it cannot be sent to review. */
    String unparsed(String parseError) {
        return "the statement could not be parsed (" + parseError + "), so it could not be analysed for the columns "
                + "rule " + ruleId + " masks; an approval would run it unmasked";
    }

    private String usedRefusal(ColumnUse use) {
        for (Map.Entry<String, String> entry : use.used().entrySet()) {
            if (matches(entry.getKey())) {
                return describe(entry.getKey(), entry.getValue(), "");
            }
        }
        if (use.renamed().isEmpty()) {
            return null;
        }
        Set<String> carriers = carriers(use.renamed());
        for (Map.Entry<String, String> entry : use.used().entrySet()) {
            if (carriers.contains(entry.getKey())) {
                return describe(entry.getKey(), entry.getValue(), ", which carries a masked column under another name,");
            }
        }
        return null;
    }

    private String describe(String column, String at, String carrying) {
        if (column.equals(ColumnUse.ALL)) {
            return "the statement uses * in " + at + ", which may carry columns masked by rule " + ruleId + ": " + RULE;
        }
        return "column " + column + carrying + " is masked by rule " + ruleId + " and is used in " + at + ": " + RULE;
    }

    /** Names that carry a masked column through renames (aliases, column alias lists), transitively: O(renames). */
    private Set<String> carriers(Map<String, Set<String>> renamed) {
        Map<String, Set<String>> targetsOf = new HashMap<>();
        Deque<String> work = new ArrayDeque<>();
        Set<String> carriers = new HashSet<>();
        renamed.forEach((target, sources) -> sources.forEach(source -> {
            targetsOf.computeIfAbsent(source, key -> new HashSet<>()).add(target);
            if (matches(source) && carriers.add(source)) {
                work.add(source);
            }
        }));
        while (!work.isEmpty()) {
            for (String target : targetsOf.getOrDefault(work.poll(), Set.of())) {
                if (carriers.add(target)) {
                    work.add(target);
                }
            }
        }
        return carriers;
    }

    /** {@code *} may expand to any column, masked ones included. */
    boolean matches(String column) {
        if (column.equals(ColumnUse.ALL)) {
            return true;
        }
        for (ColumnGlob glob : globs) {
            if (glob.matches(column)) {
                return true;
            }
        }
        return false;
    }
}
