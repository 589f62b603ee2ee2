package dev.gatehouse.policy.sql;

import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a parsed DML statement does, collected by walking every object reachable from the
 * JSqlParser AST, so that no clause can be missed: JSqlParser's own TablesNamesFinder skips window
 * definitions and some table lists, and drops every name that is also used as an alias anywhere.
 * Collected: the kinds of every statement node (a DELETE inside a CTE, a SELECT inside an INSERT),
 * every relation (CTE references excluded only where that CTE is in scope), function names, and
 * UPDATE/DELETE without a restricting WHERE.
 */
final class AstFacts {

    final EnumSet<SqlKind> kinds = EnumSet.noneOf(SqlKind.class);
    final Set<String> tables = new LinkedHashSet<>();
    final Set<String> functions = new HashSet<>();
    boolean unboundedWrite;

    private record Frame(Object node, Set<String> ctes) {
    }

    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Set<Object> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private AstFacts() {
    }

    static AstFacts of(Object root) {
        AstFacts facts = new AstFacts();
        facts.walk(root);
        return facts;
    }

    private void walk(Object root) {
        stack.push(new Frame(root, Set.of()));
        while (!stack.isEmpty()) {
            Frame frame = stack.pop();
            Object node = frame.node();
            if (node == null || !visited.add(node)) {
                continue;
            }
            if (node instanceof List<?> list) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    push(list.get(i), frame.ctes());
                }
            } else if (node instanceof Collection<?> collection) {
                collection.forEach(element -> push(element, frame.ctes()));
            } else if (node instanceof Map<?, ?> map) {
                map.forEach((key, value) -> {
                    push(key, frame.ctes());
                    push(value, frame.ctes());
                });
            } else if (AstFields.isAstNode(node)) {
                visit(node, frame.ctes());
            }
        }
    }

    private void visit(Object node, Set<String> ctes) {
        record(node, ctes);
        if (node instanceof Column || node instanceof AllTableColumns) {
            return; // their table part is a qualifier (often an alias), not a relation
        }
        List<WithItem<?>> withItems = withItems(node);
        List<Frame> next = new ArrayList<>();
        Set<String> scope = withItems.isEmpty() ? ctes : enterWith(withItems, ctes, next);
        for (Object child : AstFields.children(node)) {
            if (child != withItems || withItems.isEmpty()) {
                next.add(new Frame(child, scope));
            }
        }
        // pushed in reverse so that the walk, and the order of tables, follows the source
        for (int i = next.size() - 1; i >= 0; i--) {
            stack.push(next.get(i));
        }
    }

    /**
     * PostgreSQL scoping: a CTE is visible in the main query and in later CTE bodies; with RECURSIVE
     * in all of them. Each CTE body is walked with the names visible to it.
     */
    private static Set<String> enterWith(List<WithItem<?>> withItems, Set<String> outer, List<Frame> next) {
        boolean recursive = withItems.stream().anyMatch(WithItem::isRecursive);
        Set<String> all = new HashSet<>(outer);
        withItems.forEach(item -> all.add(cteName(item)));
        Set<String> earlier = new HashSet<>(outer);
        for (WithItem<?> item : withItems) {
            next.add(new Frame(item, recursive ? Set.copyOf(all) : Set.copyOf(earlier)));
            earlier.add(cteName(item));
        }
        return Set.copyOf(all);
    }

    private void record(Object node, Set<String> ctes) {
        if (node instanceof Select select && select.getForMode() != null) {
            kinds.add(SqlKind.LOCK); // SELECT ... FOR UPDATE/SHARE takes row locks
        }
        switch (node) {
            case Table table -> table(table, ctes);
            case Function function -> functions.add(TableNames.fromRendered(last(function.getMultipartName())));
            case PlainSelect select -> {
                kinds.add(SqlKind.SELECT);
                if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
                    kinds.add(SqlKind.CREATE); // SELECT ... INTO creates a table
                }
            }
            case SetOperationList select -> kinds.add(SqlKind.SELECT);
            case TableStatement select -> kinds.add(SqlKind.SELECT);
            case Insert insert -> {
                target(insert.getTable());
                kinds.add(SqlKind.INSERT);
                if (insert.getConflictAction() != null && insert.getConflictAction().getUpdateSets() != null) {
                    kinds.add(SqlKind.UPDATE);
                }
            }
            case Update update -> {
                target(update.getTable());
                kinds.add(SqlKind.UPDATE);
                unboundedWrite |= WhereClauses.unbounded(update.getWhere());
            }
            case Delete delete -> {
                target(delete.getTable());
                kinds.add(SqlKind.DELETE);
                unboundedWrite |= WhereClauses.unbounded(delete.getWhere());
            }
            case Merge merge -> {
                target(merge.getTable());
                kinds.add(SqlKind.MERGE);
            }
            case MergeDelete delete -> kinds.add(SqlKind.DELETE);
            case MergeUpdate update -> kinds.add(SqlKind.UPDATE);
            case MergeInsert insert -> kinds.add(SqlKind.INSERT);
            default -> {
            }
        }
    }

    /** The target of INSERT/UPDATE/DELETE/MERGE is always a real table: PostgreSQL never resolves it to a CTE. */
    private void target(Table table) {
        if (table != null) {
            table(table, Set.of());
        }
    }

    private void table(Table table, Set<String> ctes) {
        List<String> parts = table.getNameParts() == null ? List.of() : table.getNameParts().reversed();
        List<String> names = parts.stream().filter(part -> part != null && !part.isEmpty())
                .map(TableNames::fromRendered).toList();
        if (names.isEmpty() || (names.size() == 1 && ctes.contains(names.getFirst()))) {
            return;
        }
        tables.add(TableNames.of(names));
    }

    private static List<WithItem<?>> withItems(Object node) {
        List<WithItem<?>> items = switch (node) {
            case Select select -> select.getWithItemsList();
            case Insert insert -> insert.getWithItemsList();
            case Update update -> update.getWithItemsList();
            case Delete delete -> delete.getWithItemsList();
            case Merge merge -> merge.getWithItemsList();
            default -> null;
        };
        return items == null ? List.of() : items;
    }

    private static String cteName(WithItem<?> item) {
        return TableNames.fromRendered(item.getAliasName());
    }

    private static String last(List<String> parts) {
        return parts == null || parts.isEmpty() ? "" : parts.getLast();
    }

    private void push(Object node, Set<String> ctes) {
        if (node != null) {
            stack.push(new Frame(node, ctes));
        }
    }
}
