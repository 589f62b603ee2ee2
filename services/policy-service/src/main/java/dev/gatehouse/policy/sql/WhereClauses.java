package dev.gatehouse.policy.sql;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether the WHERE of an UPDATE or DELETE restricts anything. Unbounded: no WHERE, or a condition
 * that mentions no column at all ({@code WHERE true}, {@code WHERE 1=1}, {@code WHERE 'yes'},
 * {@code WHERE now() > '2000-01-01'}: constant for every row, so all or nothing is hit), a column
 * compared with itself ({@code id = id}), an OR with such a branch, an AND of only such terms.
 * Literals are rendered as placeholders, so {@code WHERE 1 = 2} also counts: a constant condition on
 * a write is treated as the worst case. Conditions that are true for every row only by the data
 * ({@code id > 0}, {@code id IS NOT NULL}) cannot be told apart and are not flagged.
 */
final class WhereClauses {

    private WhereClauses() {
    }

    static boolean unbounded(Expression where) {
        return where == null || restrictsNothing(where);
    }

    private static boolean restrictsNothing(Expression condition) {
        return switch (condition) {
            case ParenthesedExpressionList<?> parenthesised when parenthesised.size() == 1 ->
                    restrictsNothing(parenthesised.getFirst());
            case OrExpression or -> restrictsNothing(or.getLeftExpression()) || restrictsNothing(or.getRightExpression());
            case AndExpression and -> restrictsNothing(and.getLeftExpression())
                    && restrictsNothing(and.getRightExpression());
            case EqualsTo equals when sameColumn(equals.getLeftExpression(), equals.getRightExpression()) -> true;
            case GreaterThanEquals gte when sameColumn(gte.getLeftExpression(), gte.getRightExpression()) -> true;
            case MinorThanEquals lte when sameColumn(lte.getLeftExpression(), lte.getRightExpression()) -> true;
            default -> !mentionsColumn(condition);
        };
    }

    private static boolean sameColumn(Expression left, Expression right) {
        return left instanceof Column && right instanceof Column && left.toString().equals(right.toString());
    }

    private static boolean mentionsColumn(Expression condition) {
        Deque<Object> stack = new ArrayDeque<>();
        stack.push(condition);
        while (!stack.isEmpty()) {
            Object node = stack.pop();
            if (node instanceof Column) {
                return true;
            }
            if (node instanceof Iterable<?> iterable) {
                iterable.forEach(stack::push);
            } else if (AstFields.isAstNode(node)) {
                AstFields.children(node).forEach(stack::push);
            }
        }
        return false;
    }
}
