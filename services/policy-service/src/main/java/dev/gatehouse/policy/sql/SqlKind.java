package dev.gatehouse.policy.sql;

import java.util.Locale;
import java.util.Optional;

/**
 * What a SQL statement does, as rules name it (lower case, dashes: {@code copy-program}). One
 * statement can be several kinds at once: {@code WITH d AS (DELETE ...) SELECT ...} is a select and a
 * delete, {@code EXPLAIN ANALYZE UPDATE ...} an explain and an update.
 */
public enum SqlKind {
    SELECT, INSERT, UPDATE, DELETE, MERGE,
    /** DDL */
    CREATE, ALTER, DROP, TRUNCATE,
    GRANT, REVOKE,
    /** COPY to/from a file or the client */
    COPY,
    /** COPY ... PROGRAM: runs a shell command on the database server */
    COPY_PROGRAM,
    /** MySQL's LOAD DATA [LOCAL] INFILE / LOAD XML: rows from a file of the server or the client */
    LOAD_DATA,
    /** CALL of a procedure */
    CALL,
    /** anonymous code block: arbitrary procedural code */
    DO,
    /** SQL whose text is only known at run time: EXECUTE of a prepared statement, dblink, query_to_xml, ... */
    DYNAMIC_SQL,
    /** server-side functions with effects beyond the data: pg_terminate_backend, pg_read_file, lo_export, ... */
    ADMIN_FUNCTION,
    /** SET / RESET / set_config: session or server settings */
    SET,
    SHOW,
    /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ... */
    TRANSACTION,
    EXPLAIN,
    /** VACUUM, ANALYZE, REINDEX, CLUSTER, CHECKPOINT, REFRESH MATERIALIZED VIEW */
    MAINTENANCE,
    LOCK,
    /** PREPARE, DEALLOCATE, DISCARD, LISTEN, NOTIFY, ... */
    SESSION,
    /** recognised as SQL but none of the above */
    OTHER;

    /** The name a policy document uses: {@code copy-program}. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SqlKind> byPolicyName(String name) {
        for (SqlKind kind : values()) {
            if (kind.policyName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
