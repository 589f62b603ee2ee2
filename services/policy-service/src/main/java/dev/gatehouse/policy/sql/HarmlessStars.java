package dev.gatehouse.policy.sql;

import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The {@code *} of a statement that reveal no column: {@code count(*)} (also with OVER or FILTER) counts
 * rows, what {@code EXISTS (SELECT * ...)} selects is never looked at, and a star {@link ColumnWalk} has
 * already recorded as a use. Any other {@code *} inside an expression is a whole-row reference.
 */
final class HarmlessStars {

    private final Set<Object> stars = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Notes the harmless stars directly under {@code node}, if it is a count or an EXISTS. */
    void noteUnder(Object node) {
        switch (node) {
            case Function function when isCount(function.getMultipartName()) && function.getParameters() != null ->
                    counted(function.getParameters());
            case AnalyticExpression window when "count".equals(window.getName()) && window.getExpression() != null ->
                    counted(List.of(window.getExpression()));
            case ExistsExpression exists -> existsList(exists.getRightExpression());
            default -> {
            }
        }
    }

    /** True the first time a star is recorded: a star is a use once. */
    boolean add(AllColumns star) {
        return stars.add(star);
    }

    boolean contains(AllColumns star) {
        return stars.contains(star);
    }

    /** count(u.*) stays a whole-row reference, like any other function over u.*. */
    private void counted(Collection<?> arguments) {
        for (Object argument : arguments) {
            if (argument instanceof AllColumns star && !(star instanceof AllTableColumns)) {
                stars.add(star);
            }
        }
    }

    private void existsList(Expression subquery) {
        if (subquery instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() instanceof PlainSelect plain) {
            plain.getSelectItems().forEach(item -> {
                if (item.getExpression() instanceof AllColumns star) {
                    stars.add(star);
                }
            });
        }
    }

    private static boolean isCount(List<String> nameParts) {
        return nameParts != null && !nameParts.isEmpty() && "count".equals(TableNames.fromRendered(nameParts.getLast()));
    }
}
