package dev.gatehouse.policy.sql;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one statement does, before its source text is attached: the cacheable part of a {@link SqlStatement}.
 * {@code columns} is null when the statement's column mentions are not known (not parsed into an AST);
 * the factories leave it so, and a statement that mentions no column says {@link ColumnUse#NONE}.
 */
record Classification(Set<SqlKind> kinds, Set<String> tables, boolean unboundedWrite, boolean parsed,
                      String parseError, ColumnUse columns) {

    Classification {
        kinds = kinds.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(SqlKind.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
    }

    static Classification of(Set<SqlKind> kinds, Set<String> tables, boolean unboundedWrite) {
        return new Classification(kinds, tables, unboundedWrite, true, null, null);
    }

    static Classification of(SqlKind kind, Set<String> tables) {
        return of(EnumSet.of(kind), tables, false);
    }

    static Classification of(SqlKind kind) {
        return of(EnumSet.of(kind), Set.of(), false);
    }

    static Classification unparsed(String error) {
        return new Classification(EnumSet.noneOf(SqlKind.class), Set.of(), false, false, error, null);
    }

    /**
     * This statement together with one it contains or wraps (EXPLAIN, PREPARE, COPY (query), ...):
     * the column mentions are known only when both are.
     */
    Classification plus(Classification inner) {
        EnumSet<SqlKind> allKinds = copy(kinds);
        allKinds.addAll(inner.kinds);
        Set<String> allTables = new LinkedHashSet<>(tables);
        allTables.addAll(inner.tables);
        return new Classification(allKinds, allTables, unboundedWrite || inner.unboundedWrite,
                parsed && inner.parsed, parseError != null ? parseError : inner.parseError,
                columns == null || inner.columns == null ? null : columns.plus(inner.columns));
    }

    Classification withKinds(Set<SqlKind> extra) {
        if (kinds.containsAll(extra)) {
            return this;
        }
        EnumSet<SqlKind> allKinds = copy(kinds);
        allKinds.addAll(extra);
        return new Classification(allKinds, tables, unboundedWrite, parsed, parseError, columns);
    }

    Classification withColumns(ColumnUse use) {
        return new Classification(kinds, tables, unboundedWrite, parsed, parseError, use);
    }

    /** The same statement when the rows of its query go into a table or a COPY, not to the client. */
    Classification diverted(String where) {
        return columns == null ? this : withColumns(columns.diverted(where));
    }

    private static EnumSet<SqlKind> copy(Set<SqlKind> kinds) {
        return kinds.isEmpty() ? EnumSet.noneOf(SqlKind.class) : EnumSet.copyOf(kinds);
    }
}
