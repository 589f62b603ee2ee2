package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;

/**
 * Functions whose call means more than computing a value: running SQL text the classifier cannot see
 * ({@link SqlKind#DYNAMIC_SQL}), acting on the server, its files or other sessions
 * ({@link SqlKind#ADMIN_FUNCTION}), or changing settings ({@link SqlKind#SET}). A call is found in the
 * token stream, wherever it is written (select list, WHERE, FROM, VALUES, arguments, defaults...):
 * PostgreSQL calls a function only as {@code name (}, with the name possibly schema-qualified, quoted
 * or U&amp;-escaped, all of which the lexer has already resolved. The same names found in the AST are
 * matched too. A table or column that happens to carry one of these names before a parenthesis (a
 * column list) is reported as a call as well: a false alarm, never a miss.
 */
final class RiskyFunctions {

    private static final Map<String, SqlKind> FUNCTIONS = Map.ofEntries(
            entry("dblink", SqlKind.DYNAMIC_SQL), entry("query_to_xml", SqlKind.DYNAMIC_SQL),
            entry("query_to_xml_and_xmlschema", SqlKind.DYNAMIC_SQL), entry("query_to_xmlschema", SqlKind.DYNAMIC_SQL),
            entry("cursor_to_xml", SqlKind.DYNAMIC_SQL), entry("cursor_to_xmlschema", SqlKind.DYNAMIC_SQL),
            // read whole tables, schemas or databases named by a value, not by the statement's text
            entry("table_to_xml", SqlKind.DYNAMIC_SQL), entry("table_to_xml_and_xmlschema", SqlKind.DYNAMIC_SQL),
            entry("table_to_xmlschema", SqlKind.DYNAMIC_SQL), entry("schema_to_xml", SqlKind.DYNAMIC_SQL),
            entry("schema_to_xml_and_xmlschema", SqlKind.DYNAMIC_SQL), entry("schema_to_xmlschema", SqlKind.DYNAMIC_SQL),
            entry("database_to_xml", SqlKind.DYNAMIC_SQL), entry("database_to_xml_and_xmlschema", SqlKind.DYNAMIC_SQL),
            entry("database_to_xmlschema", SqlKind.DYNAMIC_SQL),
            // run the query text they are given
            entry("ts_stat", SqlKind.DYNAMIC_SQL), entry("ts_rewrite", SqlKind.DYNAMIC_SQL),
            entry("pg_background_launch", SqlKind.DYNAMIC_SQL),
            entry("pg_terminate_backend", SqlKind.ADMIN_FUNCTION), entry("pg_cancel_backend", SqlKind.ADMIN_FUNCTION),
            entry("pg_read_file", SqlKind.ADMIN_FUNCTION), entry("pg_read_binary_file", SqlKind.ADMIN_FUNCTION),
            entry("pg_ls_dir", SqlKind.ADMIN_FUNCTION), entry("pg_stat_file", SqlKind.ADMIN_FUNCTION),
            entry("pg_ls_logdir", SqlKind.ADMIN_FUNCTION), entry("pg_ls_waldir", SqlKind.ADMIN_FUNCTION),
            entry("pg_ls_tmpdir", SqlKind.ADMIN_FUNCTION), entry("pg_ls_archive_statusdir", SqlKind.ADMIN_FUNCTION),
            entry("pg_ls_logicalmapdir", SqlKind.ADMIN_FUNCTION), entry("pg_ls_logicalsnapdir", SqlKind.ADMIN_FUNCTION),
            entry("pg_ls_replslotdir", SqlKind.ADMIN_FUNCTION), entry("pg_file_write", SqlKind.ADMIN_FUNCTION),
            entry("pg_file_unlink", SqlKind.ADMIN_FUNCTION), entry("pg_file_rename", SqlKind.ADMIN_FUNCTION),
            entry("pg_file_sync", SqlKind.ADMIN_FUNCTION), entry("pg_logdir_ls", SqlKind.ADMIN_FUNCTION),
            entry("lo_import", SqlKind.ADMIN_FUNCTION), entry("lo_export", SqlKind.ADMIN_FUNCTION),
            // Large objects live outside any table and outlive the session (and the role that made them):
            // creating, writing, truncating or dropping one is a write no table rule sees. lo_open is here
            // too because its mode argument (INV_WRITE) can be computed at run time.
            entry("lo_creat", SqlKind.ADMIN_FUNCTION), entry("lo_create", SqlKind.ADMIN_FUNCTION),
            entry("lo_from_bytea", SqlKind.ADMIN_FUNCTION), entry("lo_put", SqlKind.ADMIN_FUNCTION),
            entry("lowrite", SqlKind.ADMIN_FUNCTION), entry("lo_truncate", SqlKind.ADMIN_FUNCTION),
            entry("lo_truncate64", SqlKind.ADMIN_FUNCTION), entry("lo_unlink", SqlKind.ADMIN_FUNCTION),
            entry("lo_open", SqlKind.ADMIN_FUNCTION),
            entry("pg_reload_conf", SqlKind.ADMIN_FUNCTION), entry("pg_rotate_logfile", SqlKind.ADMIN_FUNCTION),
            entry("pg_promote", SqlKind.ADMIN_FUNCTION), entry("pg_switch_wal", SqlKind.ADMIN_FUNCTION),
            entry("pg_create_restore_point", SqlKind.ADMIN_FUNCTION), entry("pg_backup_start", SqlKind.ADMIN_FUNCTION),
            entry("pg_backup_stop", SqlKind.ADMIN_FUNCTION), entry("pg_wal_replay_pause", SqlKind.ADMIN_FUNCTION),
            entry("pg_wal_replay_resume", SqlKind.ADMIN_FUNCTION),
            entry("pg_create_physical_replication_slot", SqlKind.ADMIN_FUNCTION),
            entry("pg_create_logical_replication_slot", SqlKind.ADMIN_FUNCTION),
            entry("pg_drop_replication_slot", SqlKind.ADMIN_FUNCTION),
            entry("pg_copy_physical_replication_slot", SqlKind.ADMIN_FUNCTION),
            entry("pg_copy_logical_replication_slot", SqlKind.ADMIN_FUNCTION),
            entry("pg_logical_slot_get_changes", SqlKind.ADMIN_FUNCTION),
            entry("pg_logical_slot_peek_changes", SqlKind.ADMIN_FUNCTION),
            entry("pg_logical_emit_message", SqlKind.ADMIN_FUNCTION),
            entry("pg_replication_origin_create", SqlKind.ADMIN_FUNCTION),
            entry("pg_replication_origin_drop", SqlKind.ADMIN_FUNCTION),
            entry("pg_log_backend_memory_contexts", SqlKind.ADMIN_FUNCTION),
            entry("pg_stat_reset", SqlKind.ADMIN_FUNCTION), entry("pg_stat_reset_shared", SqlKind.ADMIN_FUNCTION),
            entry("pg_import_system_collations", SqlKind.ADMIN_FUNCTION),
            entry("set_config", SqlKind.SET));

    /** Schema-qualified names that are only risky in their extension's schema (pg_cron runs SQL later). */
    private static final Map<String, SqlKind> QUALIFIED = Map.of(
            "cron.schedule", SqlKind.DYNAMIC_SQL, "cron.schedule_in_database", SqlKind.DYNAMIC_SQL,
            "cron.alter_job", SqlKind.DYNAMIC_SQL);

    private RiskyFunctions() {
    }

    static SqlKind kindOf(String name) {
        SqlKind kind = FUNCTIONS.get(name);
        if (kind == null && name.startsWith("dblink")) {
            return SqlKind.DYNAMIC_SQL; // the whole dblink family connects out or runs remote SQL
        }
        return kind;
    }

    /** The kinds of every risky call in the tokens: an identifier directly followed by '('. */
    static Set<SqlKind> scan(List<Token> tokens) {
        EnumSet<SqlKind> kinds = EnumSet.noneOf(SqlKind.class);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.isIdentifier() || !tokens.get(i + 1).isPunctuation("(")) {
                continue;
            }
            SqlKind kind = kindOf(token.value());
            if (kind == null && i >= 2 && tokens.get(i - 1).isPunctuation(".") && tokens.get(i - 2).isIdentifier()) {
                kind = QUALIFIED.get(tokens.get(i - 2).value() + "." + token.value());
            }
            if (kind != null) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    static Set<SqlKind> of(Set<String> functionNames) {
        EnumSet<SqlKind> kinds = EnumSet.noneOf(SqlKind.class);
        for (String name : functionNames) {
            SqlKind kind = kindOf(name);
            if (kind != null) {
                kinds.add(kind);
            }
        }
        return kinds;
    }
}
