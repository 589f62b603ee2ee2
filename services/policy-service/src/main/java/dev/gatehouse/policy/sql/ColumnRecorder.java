package dev.gatehouse.policy.sql;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects a {@link ColumnUse} while {@link ColumnWalk} goes through a statement. A bare name that is
 * also the name of a relation in the statement (a table, its alias, a subquery's or a CTE's name) is a
 * whole-row reference, as PostgreSQL reads it when no column has that name; the statement's columns
 * are not known here, so every such name counts.
 */
final class ColumnRecorder {

    private final Set<String> read = new LinkedHashSet<>();
    private final Map<String, String> used = new LinkedHashMap<>();
    private final Map<String, Set<String>> renamed = new LinkedHashMap<>();
    private final Set<String> bareNames = new LinkedHashSet<>();
    private final Set<String> relations = new HashSet<>();
    private String wholeRow;

    /** A column mentioned where its value goes to the client as it is (at == null) or anywhere else. */
    void column(Column column, String at) {
        String name = TableNames.fromRendered(column.getColumnName());
        Table qualifier = column.getTable();
        if (qualifier == null || qualifier.getName() == null) {
            bareNames.add(name);
        } else if (RowFunctions.contains(name)) {
            wholeRow(TableNames.fromRendered(qualifier.getName()) + "." + name);
        }
        if (at == null) {
            read.add(name);
        } else {
            used.putIfAbsent(name, at);
        }
    }

    void read(Column column, Alias alias) {
        column(column, null);
        if (alias != null && alias.getName() != null) {
            rename(TableNames.fromRendered(alias.getName()), Set.of(TableNames.fromRendered(column.getColumnName())));
        }
    }

    void readAll() {
        read.add(ColumnUse.ALL);
    }

    void used(String name, String at) {
        used.putIfAbsent(name, at);
    }

    void wholeRow(String description) {
        if (wholeRow == null) {
            wholeRow = description;
        }
    }

    /** A table (or CTE) named as a relation: its name and alias can stand for its whole row. */
    void table(Table table) {
        if (table.getName() != null) {
            relations.add(TableNames.fromRendered(table.getName()));
        }
        aliasOf(table, true);
    }

    /**
     * Any other FROM item: a subquery's or a join group's alias names a row; a function's or VALUES'
     * does not (its values come from its arguments, which are analysed). A column alias list renames
     * what the item carries.
     */
    void fromItem(FromItem item) {
        aliasOf(item, item instanceof ParenthesedSelect || item instanceof ParenthesedFromItem);
    }

    void withItem(WithItem<?> item) {
        relations.add(TableNames.fromRendered(item.getAliasName()));
        List<SelectItem<?>> columns = item.getWithItemList();
        if (columns != null && !columns.isEmpty()) {
            List<String> names = new ArrayList<>(columns.size());
            columns.forEach(column -> names.add(TableNames.fromRendered(column.getExpression().toString())));
            byPosition(names, item.getStatement() instanceof Select select ? outputs(select) : null);
        }
    }

    private void aliasOf(FromItem item, boolean namesRow) {
        Alias alias = item.getAlias();
        if (alias == null) {
            return;
        }
        if (namesRow && alias.getName() != null) {
            relations.add(TableNames.fromRendered(alias.getName()));
        }
        List<Alias.AliasColumn> columns = alias.getAliasColumns();
        if (columns == null || columns.isEmpty() || item instanceof Values) {
            return; // VALUES carries literals; what it computes from columns is analysed where it is written
        }
        List<String> names = columns.stream().map(column -> TableNames.fromRendered(column.name)).toList();
        byPosition(names, item instanceof ParenthesedSelect select ? outputs(select) : null);
    }

    /** Column aliases rename by position; null outputs: unknown, so each alias may carry any column. */
    private void byPosition(List<String> names, List<Set<String>> outputs) {
        for (int i = 0; i < names.size(); i++) {
            Set<String> sources = outputs == null ? Set.of(ColumnUse.ALL) : i < outputs.size() ? outputs.get(i) : Set.of();
            if (!sources.isEmpty()) {
                rename(names.get(i), sources);
            }
        }
    }

    private void rename(String name, Set<String> sources) {
        if (!sources.equals(Set.of(name))) {
            renamed.computeIfAbsent(name, key -> new LinkedHashSet<>()).addAll(sources);
        }
    }

    /**
     * The column names each output position of a query carries as they are: a plain column item its
     * name, a computed item none (what it computes from is a use of its own); null when the positions
     * cannot be told (a {@code *}, TABLE, a query kind not modelled here).
     */
    static List<Set<String>> outputs(Select select) {
        return switch (select) {
            case ParenthesedSelect parenthesed -> outputs(parenthesed.getSelect());
            case PlainSelect plain -> plainOutputs(plain.getSelectItems());
            case SetOperationList operations -> unionOutputs(operations.getSelects());
            case Values values -> List.of();
            default -> null;
        };
    }

    private static List<Set<String>> plainOutputs(List<SelectItem<?>> items) {
        List<Set<String>> outputs = new ArrayList<>(items.size());
        for (SelectItem<?> item : items) {
            switch (item.getExpression()) {
                case Column column -> outputs.add(Set.of(TableNames.fromRendered(column.getColumnName())));
                case AllColumns all -> {
                    return null; // also AllTableColumns, its subclass
                }
                default -> outputs.add(Set.of());
            }
        }
        return outputs;
    }

    private static List<Set<String>> unionOutputs(List<Select> branches) {
        List<Set<String>> union = new ArrayList<>();
        for (Select branch : branches) {
            List<Set<String>> outputs = outputs(branch);
            if (outputs == null) {
                return null;
            }
            for (int i = 0; i < outputs.size(); i++) {
                if (i == union.size()) {
                    union.add(new LinkedHashSet<>());
                }
                union.get(i).addAll(outputs.get(i));
            }
        }
        return union;
    }

    ColumnUse result() {
        for (String name : bareNames) {
            if (relations.contains(name)) {
                wholeRow(name);
                break;
            }
        }
        return new ColumnUse(read, used, renamed, wholeRow);
    }
}
