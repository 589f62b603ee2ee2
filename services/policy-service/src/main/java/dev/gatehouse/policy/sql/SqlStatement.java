package dev.gatehouse.policy.sql;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One statement of a SQL string, as PostgreSQL would run it.
 *
 * @param text           the statement's source text (comments kept, without the terminating {@code ;}, trimmed)
 * @param kinds          everything it does; several at once for CTEs, EXPLAIN ANALYZE, INSERT ... SELECT, ...
 * @param tables         every relation it references, read or written: {@code schema.table} when written
 *                       qualified, else {@code table}; unquoted names lower-cased, quoted ones exact
 * @param unboundedWrite an UPDATE or DELETE (also inside a CTE) without a restricting WHERE
 * @param parsed         false when the statement could not be analysed with certainty: never allow it
 * @param parseError     why not, in words that quote no literal of the statement; null when parsed
 * @param columns        where it mentions columns (read as they are, or used otherwise), for column
 *                       masking; null when that is not known: it was not parsed into an AST (DDL and
 *                       {@code DO} read from their keywords, anything unparsed)
 */
public record SqlStatement(String text, Set<SqlKind> kinds, Set<String> tables, boolean unboundedWrite,
                           boolean parsed, String parseError, ColumnUse columns) {

    public SqlStatement {
        Objects.requireNonNull(text, "text");
        kinds = kinds == null || kinds.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(SqlKind.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        tables = tables == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(tables));
    }

    static SqlStatement of(String text, Classification classification) {
        return new SqlStatement(text, classification.kinds(), classification.tables(),
                classification.unboundedWrite(), classification.parsed(), classification.parseError(),
                classification.columns());
    }
}
