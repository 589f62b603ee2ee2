package dev.gatehouse.policy.sql;

import java.util.Set;

/**
 * Functions PostgreSQL accepts over a whole row in attribute notation: when {@code u.name} is not a
 * column of {@code u}, PostgreSQL reads it as {@code name(u)}, so {@code SELECT u.to_jsonb FROM users u}
 * returns every column of every row as JSON under the output name {@code to_jsonb}. These are the
 * built-in functions (PostgreSQL 15 to 17, plus hstore) callable with one argument of type
 * {@code record}, {@code anyelement}, {@code anynonarray}, {@code anycompatible*} or {@code "any"}
 * (from {@code pg_proc}), less {@code count} and the window functions, which reveal nothing or cannot be
 * called this way and are common column names; a column reference {@code q.name} with one of these names is treated as a
 * whole-row reference. A function the database itself defines over a table's row type cannot be
 * known here.
 */
final class RowFunctions {

    private static final Set<String> NAMES = Set.of(
            "any_out", "anycompatible_out", "anycompatiblenonarray_out", "anyelement_out", "anynonarray_out",
            "any_value", "array_agg", "concat", "hash_record", "hash_record_extended", "hstore", "json_agg",
            "json_agg_strict", "json_build_array", "json_build_object", "jsonb_agg", "jsonb_agg_strict",
            "jsonb_build_array", "jsonb_build_object", "num_nonnulls", "num_nulls", "pg_collation_for",
            "pg_column_compression", "pg_column_size", "pg_column_toast_chunk_id", "pg_typeof", "quote_literal",
            "quote_nullable", "record_out", "record_send", "row_to_json", "to_json", "to_jsonb");

    private RowFunctions() {
    }

    static boolean contains(String name) {
        return NAMES.contains(name);
    }
}
