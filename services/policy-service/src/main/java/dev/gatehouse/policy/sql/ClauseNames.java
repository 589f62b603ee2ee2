package dev.gatehouse.policy.sql;

import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;

import java.util.Map;

import static java.util.Map.entry;

/**
 * The words a {@link ColumnUse} gives for where a column is used: the SQL clause, named from the
 * JSqlParser field that holds it. A clause with no name of its own is named after its statement, so
 * a field a newer JSqlParser adds still gets a word, never silence.
 */
final class ClauseNames {

    static final String SELECT_EXPRESSION = "an expression in the select list";
    static final String FROM = "FROM";
    static final String NATURAL_JOIN = "NATURAL JOIN";
    static final String SELECT_INTO = "SELECT ... INTO";
    static final String DATA_MODIFYING_WITH = "a data-modifying WITH query";
    static final String BY_POSITION = " (by position)";

    private static final Map<String, String> BY_FIELD = Map.ofEntries(
            entry("where", "WHERE"), entry("preWhere", "WHERE"), entry("having", "HAVING"), entry("qualify", "QUALIFY"),
            entry("groupBy", "GROUP BY"), entry("orderByElements", "ORDER BY"), entry("distinct", "DISTINCT ON"),
            entry("windowDefinitions", "WINDOW"), entry("limit", "LIMIT"), entry("limitBy", "LIMIT"),
            entry("offset", "OFFSET"), entry("fetch", "FETCH"), entry("onExpressions", "JOIN ... ON"),
            entry("usingColumns", "JOIN ... USING"), entry("returningClause", "RETURNING"), entry("updateSets", "SET"),
            entry("conflictTarget", "ON CONFLICT"), entry("conflictAction", "ON CONFLICT ... DO UPDATE"),
            entry("onCondition", "MERGE ... ON"), entry("selects", "UNION/INTERSECT/EXCEPT"),
            entry("searchClause", "WITH ... SEARCH"), entry("cycleClause", "WITH ... CYCLE"));

    private ClauseNames() {
    }

    /** @param field as {@link AstFields#forEachChild} names it: {@code PlainSelect.where} */
    static String of(Object parent, String field) {
        String label = BY_FIELD.get(field.substring(field.lastIndexOf('.') + 1));
        if (label != null) {
            return label;
        }
        return switch (parent) {
            case Insert insert -> field.endsWith(".select") ? "INSERT ... SELECT/VALUES" : "INSERT";
            case Update update -> "UPDATE";
            case Delete delete -> "DELETE";
            case Merge merge -> "MERGE";
            case Values values -> "VALUES";
            default -> "a clause other than the select list";
        };
    }
}
