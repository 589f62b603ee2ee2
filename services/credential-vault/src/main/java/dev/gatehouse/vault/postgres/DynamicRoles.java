package dev.gatehouse.vault.postgres;

import org.postgresql.PGConnection;
import org.postgresql.util.PasswordUtil;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Mints, extends and drops the short-lived login roles of dynamic leases on a target PostgreSQL.
 * Role DDL takes no bind parameters, so every identifier and literal is quoted by the driver's own
 * quote_ident / quote_literal rules ({@link PGConnection#escapeIdentifier}, {@link PGConnection#escapeLiteral}).
 * The password is sent as a SCRAM-SHA-256 verifier computed here: the plaintext never crosses the wire
 * and cannot land in the target's statement log.
 */
@Component
public class DynamicRoles {

    private final TargetProperties properties;

    DynamicRoles(TargetProperties properties) {
        this.properties = properties;
    }

    /** {@code CREATE ROLE ... LOGIN ... VALID UNTIL ... IN ROLE ...}: the role ends by itself even if we never come back. */
    public void create(TargetDatabase target, String role, String password, Instant validUntil,
                       List<String> grantedRoles, Integer connectionLimit) {
        boolean sent = false;
        try (Connection db = target.connect(properties); Statement statement = db.createStatement()) {
            PGConnection pg = db.unwrap(PGConnection.class);
            String verifier = PasswordUtil.encodePassword(role, password.toCharArray(), "scram-sha-256");
            StringBuilder sql = new StringBuilder("CREATE ROLE ").append(pg.escapeIdentifier(role))
                    .append(" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT")
                    .append(" PASSWORD ").append(literal(pg, verifier))
                    .append(" VALID UNTIL ").append(literal(pg, validUntil.toString()))
                    .append(" CONNECTION LIMIT ").append(connectionLimit == null ? -1 : connectionLimit.intValue());
            if (!grantedRoles.isEmpty()) {
                sql.append(" IN ROLE ");
                for (int i = 0; i < grantedRoles.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(pg.escapeIdentifier(grantedRoles.get(i)));
                }
            }
            sent = true;
            statement.execute(sql.toString());
        } catch (SQLException e) {
            boolean connectionLost = e.getSQLState() == null || e.getSQLState().startsWith("08");
            throw new TargetUnavailable("the target database did not create the lease's role", e, sent && connectionLost);
        }
    }

    /** Moves VALID UNTIL: a renewed lease's role keeps logging in until the new expiry. */
    public void extend(TargetDatabase target, String role, Instant validUntil) {
        try (Connection db = target.connect(properties); Statement statement = db.createStatement()) {
            PGConnection pg = db.unwrap(PGConnection.class);
            statement.execute("ALTER ROLE " + pg.escapeIdentifier(role) + " VALID UNTIL "
                    + literal(pg, validUntil.toString()));
        } catch (SQLException e) {
            throw new TargetUnavailable("the target database did not extend the lease's role", e);
        }
    }

    /**
     * Ends the role for good, idempotently: no new logins, open sessions terminated, objects it created
     * handed to the connection's object owner (kept, not lost, and never to the admin, which may be a
     * superuser: a {@code SECURITY DEFINER} function it then owned would run as superuser), its grants
     * removed, the role dropped.
     *
     * @return whether the role still existed
     */
    public boolean drop(TargetDatabase target, String role) {
        try (Connection db = target.connect(properties)) {
            PGConnection pg = db.unwrap(PGConnection.class);
            if (!exists(db, role)) {
                return false;
            }
            String ident = pg.escapeIdentifier(role);
            try (Statement statement = db.createStatement()) {
                // First: a client racing the revocation cannot open a new session after this.
                statement.execute("ALTER ROLE " + ident + " NOLOGIN");
            }
            terminateSessions(db, role);
            ObjectOwner.ensure(db, target.objectOwner());
            dropOwnedAndRole(db, ident, pg.escapeIdentifier(target.objectOwner()));
            return true;
        } catch (SQLException e) {
            throw new TargetUnavailable("the target database did not drop the lease's role", e);
        }
    }

    /**
     * pgjdbc escapes the inside of a literal (doubling quotes, and backslashes when
     * standard_conforming_strings is off) but does not add the enclosing quotes.
     */
    private static String literal(PGConnection pg, String value) throws SQLException {
        return "'" + pg.escapeLiteral(value) + "'";
    }

    private static boolean exists(Connection db, String role) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Needs superuser, membership in the role, or pg_signal_backend. PostgreSQL 14+ waits for the exit. */
    private void terminateSessions(Connection db, String role) throws SQLException {
        boolean canWait = db.getMetaData().getDatabaseMajorVersion() >= 14;
        String sql = canWait
                ? "SELECT pg_terminate_backend(pid, ?) FROM pg_stat_activity WHERE usename = ? AND pid <> pg_backend_pid()"
                : "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ? AND pid <> pg_backend_pid()";
        try (PreparedStatement terminate = db.prepareStatement(sql)) {
            int index = 1;
            if (canWait) {
                terminate.setLong(index++, properties.terminateTimeout().toMillis());
            }
            terminate.setString(index, role);
            terminate.executeQuery().close();
        }
    }

    /**
     * REASSIGN OWNED needs the privileges of both roles. The admin holds only ADMIN OPTION on roles it
     * created (PostgreSQL 16+), so it first grants itself membership in each; DROP ROLE removes the one,
     * the REVOKE the other. One transaction: a failure (e.g. objects in another database) leaves the role
     * NOLOGIN and intact.
     */
    private static void dropOwnedAndRole(Connection db, String ident, String owner) throws SQLException {
        db.setAutoCommit(false);
        try (Statement statement = db.createStatement()) {
            statement.execute("GRANT " + ident + " TO CURRENT_USER");
            statement.execute("GRANT " + owner + " TO CURRENT_USER");
            statement.execute("REASSIGN OWNED BY " + ident + " TO " + owner);
            statement.execute("DROP OWNED BY " + ident);
            statement.execute("DROP ROLE " + ident);
            statement.execute("REVOKE " + owner + " FROM CURRENT_USER");
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        }
    }
}
