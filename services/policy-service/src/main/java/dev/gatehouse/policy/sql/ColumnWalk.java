package dev.gatehouse.policy.sql;

import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds where a parsed statement mentions columns ({@link ColumnUse}). Only one position lets a
 * column's value reach the client as it is, where the proxy masks it by its source: a plain column
 * item in the select list of a query whose rows go to the client (the top-level SELECT, its CTEs
 * and FROM subqueries, walked by {@link ClientQueries}). Everything else (every other clause, and
 * every part of a nested query inside one) is walked here generically over all fields of the AST, so
 * that no clause can hide a mention, and each mention is recorded with the clause it was found in.
 * Iterative, like {@link AstFacts}: long operator chains nest deeply.
 */
final class ColumnWalk {

    /** @param at where the node sits; null for a query whose rows go to the client */
    private record Frame(Object node, String at) {
    }

    /**
     * Names in these fields are written to or defined, not read: INSERT's and SET's target columns, CTE
     * column lists (aliases too, which {@link ColumnRecorder} reads where they rename something).
     */
    private static final Set<String> TARGET_NAMES = Set.of("Insert.columns", "UpdateSet.columns",
            "WithItem.withItemList", "MergeInsert.columns");

    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    private final HarmlessStars harmless = new HarmlessStars();
    private final ColumnRecorder recorder = new ColumnRecorder();
    private final ClientQueries client = new ClientQueries(this, recorder);

    private ColumnWalk() {
    }

    static ColumnUse of(Statement statement) {
        ColumnWalk walk = new ColumnWalk();
        if (statement instanceof Select) {
            walk.client(statement);
        } else {
            walk.clauses(statement, Set.of());
        }
        walk.run();
        return walk.recorder.result();
    }

    /** A query whose rows go to the client. */
    void client(Object query) {
        push(query, null);
    }

    /** A node whose every column mention is a use at {@code at}. */
    void used(Object node, String at) {
        push(node, at);
    }

    /** Every child of {@code node}, each a use at {@code at}: a query that was taken for a client query first. */
    void usedParts(Object node, String at) {
        List<Frame> children = new ArrayList<>();
        AstFields.forEachChild(node, (field, child) -> {
            if (!isName(field)) {
                children.add(new Frame(child, at));
            }
        });
        pushAll(children);
    }

    /** Every child of {@code node} except the named fields, each a use at its clause. */
    void clauses(Object node, Set<String> except) {
        List<Frame> children = new ArrayList<>();
        AstFields.forEachChild(node, (field, child) -> {
            if (!except.contains(field) && !isName(field)) {
                children.add(new Frame(child, ClauseNames.of(node, field)));
            }
        });
        pushAll(children);
    }

    private void run() {
        while (!stack.isEmpty()) {
            Frame frame = stack.pop();
            Object node = frame.node();
            if (!visited.add(node)) {
                continue;
            }
            if (node instanceof List<?> list) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    push(list.get(i), frame.at());
                }
            } else if (node instanceof Collection<?> collection) {
                collection.forEach(element -> push(element, frame.at()));
            } else if (node instanceof Map<?, ?> map) {
                map.forEach((key, value) -> {
                    push(key, frame.at());
                    push(value, frame.at());
                });
            } else if (AstFields.isAstNode(node)) {
                if (frame.at() == null) {
                    client.visit(node);
                } else {
                    visit(node, frame.at());
                }
            }
        }
    }

    private void visit(Object node, String at) {
        harmless.noteUnder(node);
        switch (node) {
            case Column column -> recorder.column(column, at);
            case AllColumns star -> {
                if (!harmless.contains(star)) {
                    recorder.wholeRow(star instanceof AllTableColumns table ? table.toString() : "a function over *");
                }
                return; // a star's qualifier is not a relation
            }
            case SelectItem<?> item when item.getExpression() instanceof AllColumns star -> {
                if (harmless.add(star)) {
                    recorder.used(ColumnUse.ALL, at);
                }
            }
            case RowGetExpression field -> recorder.used(TableNames.fromRendered(field.getColumnName()), at);
            case Index.ColumnParams conflictColumn when conflictColumn.getColumnName() != null ->
                    recorder.used(TableNames.fromRendered(conflictColumn.getColumnName()), at);
            case Table table -> recorder.table(table);
            case TableStatement table -> recorder.used(ColumnUse.ALL, at); // TABLE t is SELECT * FROM t
            case WithItem<?> with -> recorder.withItem(with);
            default -> {
            }
        }
        if (node instanceof FromItem item && !(node instanceof Table)) {
            recorder.fromItem(item);
        }
        usedParts(node, at);
    }

    private static boolean isName(String field) {
        return TARGET_NAMES.contains(field) || field.endsWith(".alias") || field.endsWith(".rowAlias");
    }

    private void push(Object node, String at) {
        if (node != null) {
            stack.push(new Frame(node, at));
        }
    }

    private void pushAll(List<Frame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            stack.push(frames.get(i));
        }
    }
}
