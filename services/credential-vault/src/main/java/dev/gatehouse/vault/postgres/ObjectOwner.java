package dev.gatehouse.vault.postgres;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The role that inherits what a dropped lease role owned. The vault creates it on first use as a NOLOGIN
 * role without attributes and refuses to hand objects to one that is privileged: whatever a lease role
 * created (with an approval, a {@code SECURITY DEFINER} function, say) must never gain more rights by
 * outliving its session than the session had.
 */
final class ObjectOwner {

    private ObjectOwner() {
    }

    static void ensure(Connection db, String owner) throws SQLException {
        if (!privileged(db, owner)) {
            return;
        }
        throw new SQLException("object owner role " + owner + " is a superuser or holds BYPASSRLS, CREATEROLE or "
                + "REPLICATION; objects of dropped lease roles are never handed to it", "42501");
    }

    /** Creates the role when missing (a concurrent drop may win the race); whether it is privileged. */
    private static boolean privileged(Connection db, String owner) throws SQLException {
        Boolean privileged = lookUp(db, owner);
        if (privileged == null) {
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE ROLE " + db.unwrap(PGConnection.class).escapeIdentifier(owner)
                        + " NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT");
                return false;
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) { // duplicate_object: another drop created it first
                    throw e;
                }
            }
            privileged = lookUp(db, owner);
        }
        return privileged == null || privileged;
    }

    private static Boolean lookUp(Connection db, String owner) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT rolsuper OR rolbypassrls OR rolcreaterole OR "
                + "rolreplication FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, owner);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getBoolean(1) : null;
            }
        }
    }
}
