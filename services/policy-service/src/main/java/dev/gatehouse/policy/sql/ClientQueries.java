package dev.gatehouse.policy.sql;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The queries whose rows go to the client: the top-level SELECT (also parenthesised, or TABLE), its
 * CTEs and its FROM subqueries, recursively. In them a plain column item of the select list is a read;
 * every other clause is handed to {@link ColumnWalk} as a use at that clause. A set operation's
 * branches are uses too: what PostgreSQL reports as their source is not settled here. SELECT ... INTO
 * writes its rows into a table, so nothing of it is a read.
 */
final class ClientQueries {

    private static final Set<String> PLAIN_SELECT_PARTS = Set.of("Select.withItemsList", "PlainSelect.selectItems",
            "PlainSelect.fromItem", "PlainSelect.joins");
    private static final Set<String> PARENTHESED_PARTS = Set.of("Select.withItemsList", "ParenthesedSelect.select");
    private static final Set<String> SET_OPERATION_PARTS = Set.of("Select.withItemsList", "SetOperationList.operations");
    private static final Set<String> TABLE_PARTS = Set.of("Select.withItemsList", "TableStatement.table");
    private static final Set<String> GROUP_PARTS = Set.of("ParenthesedFromItem.fromItem", "ParenthesedFromItem.joins");
    private static final Set<String> JOIN_PARTS = Set.of("Join.fromItem");
    private static final Set<String> WITH_PARTS = Set.of("WithItem.statement");

    private final ColumnWalk walk;
    private final ColumnRecorder recorder;

    ClientQueries(ColumnWalk walk, ColumnRecorder recorder) {
        this.walk = walk;
        this.recorder = recorder;
    }

    void visit(Object query) {
        switch (query) {
            case PlainSelect select when select.getIntoTables() != null && !select.getIntoTables().isEmpty() ->
                    walk.usedParts(select, ClauseNames.SELECT_INTO);
            case PlainSelect select -> plain(select);
            case ParenthesedSelect parenthesed -> {
                with(parenthesed.getWithItemsList());
                walk.client(parenthesed.getSelect());
                byPosition(parenthesed.getOrderByElements(), null, ColumnRecorder.outputs(parenthesed.getSelect()));
                walk.clauses(parenthesed, PARENTHESED_PARTS);
            }
            case SetOperationList operations -> {
                with(operations.getWithItemsList());
                walk.clauses(operations, SET_OPERATION_PARTS);
            }
            case TableStatement table -> {
                with(table.getWithItemsList());
                recorder.table(table.getTable());
                recorder.readAll();
                walk.clauses(table, TABLE_PARTS);
            }
            default -> walk.usedParts(query, "VALUES"); // VALUES, and any query form not modelled here
        }
    }

    private void plain(PlainSelect select) {
        with(select.getWithItemsList());
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression expression = item.getExpression();
            if (expression instanceof Column column && column.getArrayConstructor() == null) {
                recorder.read(column, item.getAlias());
            } else if (expression instanceof AllColumns star
                    && (star.getReplaceExpressions() == null || star.getReplaceExpressions().isEmpty())) {
                recorder.readAll();
            } else {
                walk.used(expression, ClauseNames.SELECT_EXPRESSION);
            }
        }
        from(select.getFromItem());
        joins(select.getJoins());
        GroupByElement groupBy = select.getGroupBy();
        List<Expression> keys = new ArrayList<>();
        if (groupBy != null && groupBy.getGroupByExpressionList() != null) {
            keys.addAll(groupBy.getGroupByExpressionList());
        }
        Distinct distinct = select.getDistinct();
        if (distinct != null && distinct.getOnSelectItems() != null) {
            distinct.getOnSelectItems().forEach(item -> keys.add(item.getExpression()));
        }
        byPosition(select.getOrderByElements(), keys, ColumnRecorder.outputs(select));
        walk.clauses(select, PLAIN_SELECT_PARTS);
    }

    /**
     * ORDER BY 2, GROUP BY 2 and DISTINCT ON (2) name an output column by its position. Numbers are
     * rendered as 0 (no literal reaches the analysis), so any number there may be any output column.
     */
    private void byPosition(List<OrderByElement> orderBy, List<Expression> keys, List<Set<String>> outputs) {
        boolean positional = keys != null && keys.stream().anyMatch(LongValue.class::isInstance);
        if (orderBy != null) {
            positional |= orderBy.stream().anyMatch(element -> element.getExpression() instanceof LongValue);
        }
        if (!positional) {
            return;
        }
        String at = "ORDER BY, GROUP BY or DISTINCT ON" + ClauseNames.BY_POSITION;
        if (outputs == null) {
            recorder.used(ColumnUse.ALL, at);
            return;
        }
        outputs.forEach(names -> names.forEach(name -> recorder.used(name, at)));
    }

    private void from(FromItem item) {
        switch (item) {
            case null -> {
            }
            case Table table -> walk.used(table, ClauseNames.FROM);
            case ParenthesedSelect subquery -> {
                recorder.fromItem(subquery);
                walk.client(subquery);
            }
            case ParenthesedFromItem group -> {
                recorder.fromItem(group);
                from(group.getFromItem());
                joins(group.getJoins());
                walk.clauses(group, GROUP_PARTS);
            }
            default -> walk.used(item, ClauseNames.FROM); // a function or VALUES: its arguments are uses
        }
    }

    private void joins(List<Join> joins) {
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            from(join.getFromItem());
            if (join.isNatural()) {
                recorder.used(ColumnUse.ALL, ClauseNames.NATURAL_JOIN); // joins on every column both sides have
            }
            walk.clauses(join, JOIN_PARTS);
        }
    }

    private void with(List<WithItem<?>> items) {
        if (items == null) {
            return;
        }
        for (WithItem<?> item : items) {
            recorder.withItem(item);
            if (item.getStatement() instanceof Select query) {
                walk.client(query);
            } else {
                walk.used(item.getStatement(), ClauseNames.DATA_MODIFYING_WITH);
            }
            walk.clauses(item, WITH_PARTS);
        }
    }
}
