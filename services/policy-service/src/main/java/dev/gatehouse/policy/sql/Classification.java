package dev.gatehouse.policy.sql;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** What one statement does, before its source text is attached: the cacheable part of a {@link SqlStatement}. */
record Classification(Set<SqlKind> kinds, Set<String> tables, boolean unboundedWrite, boolean parsed,
                      String parseError) {

    Classification {
        kinds = kinds.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(SqlKind.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
    }

    static Classification of(Set<SqlKind> kinds, Set<String> tables, boolean unboundedWrite) {
        return new Classification(kinds, tables, unboundedWrite, true, null);
    }

    static Classification of(SqlKind kind, Set<String> tables) {
        return of(EnumSet.of(kind), tables, false);
    }

    static Classification of(SqlKind kind) {
        return of(EnumSet.of(kind), Set.of(), false);
    }

    static Classification unparsed(String error) {
        return new Classification(EnumSet.noneOf(SqlKind.class), Set.of(), false, false, error);
    }

    /** This statement together with one it contains or wraps (EXPLAIN, PREPARE, COPY (query), ...). */
    Classification plus(Classification inner) {
        EnumSet<SqlKind> allKinds = copy(kinds);
        allKinds.addAll(inner.kinds);
        Set<String> allTables = new LinkedHashSet<>(tables);
        allTables.addAll(inner.tables);
        return new Classification(allKinds, allTables, unboundedWrite || inner.unboundedWrite,
                parsed && inner.parsed, parseError != null ? parseError : inner.parseError);
    }

    Classification withKinds(Set<SqlKind> extra) {
        if (kinds.containsAll(extra)) {
            return this;
        }
        EnumSet<SqlKind> allKinds = copy(kinds);
        allKinds.addAll(extra);
        return new Classification(allKinds, tables, unboundedWrite, parsed, parseError);
    }

    private static EnumSet<SqlKind> copy(Set<SqlKind> kinds) {
        return kinds.isEmpty() ? EnumSet.noneOf(SqlKind.class) : EnumSet.copyOf(kinds);
    }
}
