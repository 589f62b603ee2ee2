package dev.gatehouse.vault.mysql;

import dev.gatehouse.vault.postgres.TargetUnavailable;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Mints and drops the short-lived users of MYSQL_DYNAMIC leases on a target MariaDB/MySQL.
 *
 * <p>MySQL has no per-user {@code VALID UNTIL}: a user's end is the vault's lease. The lease row is
 * written before the user exists, so revocation at session end, the sweeper at expiry, and the sweeper
 * after a crash mid-issuance all end in {@link #drop}. {@code PASSWORD EXPIRE INTERVAL 1 DAY} is only a
 * coarse backstop on the target (a lease never outlives its 24 h maximum TTL, so it never cuts a live one);
 * its granularity is days, so it cannot carry a 15-minute TTL.
 */
@Component
public class MysqlUsers {

    private static final Pattern GENERATED_PASSWORD = Pattern.compile("[A-Za-z0-9]{16,64}");

    private final MysqlTargetProperties properties;

    MysqlUsers(MysqlTargetProperties properties) {
        this.properties = properties;
    }

    /** {@code CREATE USER ... } granted the template role as its default role, and nothing else. */
    public void create(MysqlTarget target, String user, String password) {
        if (target.templateRole() == null || !GENERATED_PASSWORD.matcher(password).matches()) {
            throw new IllegalStateException("a MYSQL_DYNAMIC lease needs a template role and a generated password");
        }
        boolean created = false;
        try (Connection db = connect(target); Statement statement = db.createStatement()) {
            boolean mariaDb = db.getMetaData().getDatabaseProductVersion().contains("MariaDB");
            String account = MysqlNames.account(user);
            String role = MysqlNames.role(target.templateRole());
            String limit = " WITH MAX_USER_CONNECTIONS " + (target.connectionLimit() == null ? 0 : target.connectionLimit());
            String expiry = " PASSWORD EXPIRE INTERVAL 1 DAY";
            created = true; // from here on a user may exist: the caller drops it when anything fails
            if (mariaDb) {
                statement.execute("CREATE USER " + account + " IDENTIFIED BY PASSWORD '"
                        + MysqlNames.nativeHash(password) + "'" + limit + expiry);
                statement.execute("GRANT " + role + " TO " + account);
                defaultRoleAsItself(target, user, password, role);
            } else {
                // MySQL 8 hashes the password itself and rewrites it out of its general log.
                statement.execute("CREATE USER " + account + " IDENTIFIED BY '" + password + "' DEFAULT ROLE "
                        + role + limit + expiry);
            }
        } catch (SQLException e) {
            throw new TargetUnavailable("the target database did not create the lease's user", e, created);
        }
    }

    /**
     * MariaDB has no {@code DEFAULT ROLE} clause in CREATE/ALTER USER, and {@code SET DEFAULT ROLE ... FOR}
     * another account needs UPDATE on the {@code mysql} schema, which would let the admin rewrite any
     * account's privileges. A user may set its own default role, so the vault logs in once as it.
     */
    private void defaultRoleAsItself(MysqlTarget target, String user, String password, String role)
            throws SQLException {
        try (Connection self = target.connectAs(user, password, properties.connectTimeout(), properties.socketTimeout());
             Statement statement = self.createStatement()) {
            statement.execute("SET DEFAULT ROLE " + role);
        }
    }

    /**
     * Ends the user for good, idempotently: locked first (a client racing the revocation cannot log in
     * again), its open sessions killed (DROP USER alone leaves them running), then dropped.
     *
     * @return whether the user still existed
     */
    public boolean drop(MysqlTarget target, String user) {
        String account = MysqlNames.account(user);
        try (Connection db = connect(target)) {
            if (!exists(db, user)) {
                return false;
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("ALTER USER " + account + " ACCOUNT LOCK");
                for (long id : sessions(db, user)) {
                    kill(statement, id);
                }
                statement.execute("DROP USER IF EXISTS " + account);
            }
            return true;
        } catch (SQLException e) {
            throw new TargetUnavailable("the target database did not drop the lease's user", e);
        }
    }

    private Connection connect(MysqlTarget target) throws SQLException {
        return target.connect(properties.connectTimeout(), properties.socketTimeout());
    }

    private static boolean exists(Connection db, String user) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ? AND Host = '%'")) {
            query.setString(1, user);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static List<Long> sessions(Connection db, String user) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()")) {
            query.setString(1, user);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    private static void kill(Statement statement, long id) throws SQLException {
        try {
            statement.execute("KILL CONNECTION " + id);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1094) { // unknown thread: it ended by itself meanwhile
                throw e;
            }
        }
    }
}
