package dev.gatehouse.vault.postgres;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

import java.sql.SQLException;

/**
 * A target database could not be reached or refused a role change. Only the SQLSTATE is passed on:
 * driver messages may quote statements, and the statement creating a role holds its password verifier.
 */
public class TargetUnavailable extends ApiException {

    private final String sqlState;
    private final boolean maybeApplied;

    public TargetUnavailable(String what, SQLException cause, boolean maybeApplied) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, what + " (SQLSTATE " + state(cause) + ")");
        this.sqlState = state(cause);
        this.maybeApplied = maybeApplied;
    }

    public TargetUnavailable(String what, SQLException cause) {
        this(what, cause, true);
    }

    public String sqlState() {
        return sqlState;
    }

    /**
     * Whether the change may have happened despite the error: only when the connection broke after the
     * statement was sent. A refused login or a statement error (atomic in PostgreSQL) changed nothing.
     */
    public boolean maybeApplied() {
        return maybeApplied;
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "none" : e.getSQLState();
    }
}
