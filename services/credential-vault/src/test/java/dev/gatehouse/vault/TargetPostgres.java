package dev.gatehouse.vault;

import dev.gatehouse.testkit.PostgresFixture;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A "target" PostgreSQL database for dynamic leases, on the shared test server: table {@code orders}
 * readable by role {@value #READONLY}, table {@code salaries} readable by nobody but its owner, schema
 * {@code scratch} where role {@value #SCRATCH} may create tables. The vault logs in as {@value #ADMIN}, a
 * NON-superuser holding exactly what the README asks of a production admin role. Logins of that role and
 * of every {@code gh_*} role are switched to SCRAM password authentication (the embedded server trusts
 * everyone by default), so a wrong password, NOLOGIN or an expired VALID UNTIL really keep them out.
 */
public final class TargetPostgres {

    public static final String DATABASE = "vault_target_it";
    public static final String READONLY = "vault_it_readonly";
    public static final String SCRATCH = "vault_it_scratch";
    public static final String ADMIN = "vault_it_admin";
    public static final String ADMIN_PASSWORD = "fake-admin-password-" + java.util.UUID.randomUUID();

    private static boolean ready;

    private TargetPostgres() {
    }

    public static synchronized void ensure() {
        if (ready) {
            return;
        }
        PostgresFixture postgres = PostgresFixture.shared();
        postgres.createDatabase(DATABASE);
        try (Connection server = superuser("postgres"); Statement sql = server.createStatement()) {
            requirePasswords(sql);
            for (String role : new String[] {READONLY, SCRATCH}) {
                sql.execute("DROP ROLE IF EXISTS " + role);
                sql.execute("CREATE ROLE " + role + " NOLOGIN");
            }
            sql.execute("DROP ROLE IF EXISTS " + ADMIN);
            sql.execute("CREATE ROLE " + ADMIN + " LOGIN CREATEROLE PASSWORD '" + ADMIN_PASSWORD + "'");
            sql.execute("GRANT pg_signal_backend TO " + ADMIN);
            sql.execute("GRANT " + READONLY + ", " + SCRATCH + " TO " + ADMIN + " WITH ADMIN OPTION");
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the target server", e);
        }
        try (Connection target = superuser(DATABASE); Statement sql = target.createStatement()) {
            sql.execute("CREATE TABLE orders (id int PRIMARY KEY, item text)");
            sql.execute("INSERT INTO orders VALUES (1, 'fake-widget'), (2, 'fake-gadget')");
            sql.execute("CREATE TABLE salaries (id int PRIMARY KEY, amount int)");
            sql.execute("INSERT INTO salaries VALUES (1, 100)");
            sql.execute("GRANT SELECT ON orders TO " + READONLY);
            sql.execute("CREATE SCHEMA scratch");
            sql.execute("GRANT USAGE, CREATE ON SCHEMA scratch TO " + SCRATCH);
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the target database", e);
        }
        awaitPasswordsRequired();
        ready = true;
    }

    public static Connection superuser(String database) throws SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }

    /** A login as {@code user}, with a password, as an agent's client would. */
    public static Connection login(String user, String password) throws SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/"
                + DATABASE, properties);
    }

    public static boolean roleExists(String role) throws SQLException {
        try (Connection db = superuser("postgres");
             PreparedStatement query = db.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** JSON body of a POSTGRES_DYNAMIC secret for this target. */
    public static String dynamicSecret(String grantedRole, String extra) {
        PostgresFixture postgres = PostgresFixture.shared();
        return "{\"type\":\"POSTGRES_DYNAMIC\",\"username\":\"" + ADMIN + "\",\"secret\":\"" + ADMIN_PASSWORD
                + "\",\"host\":\"" + postgres.host() + "\",\"port\":" + postgres.port() + ",\"database\":\""
                + DATABASE + "\",\"sslMode\":\"disable\",\"grantedRoles\":[\"" + grantedRole + "\"]"
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /**
     * A POSTGRES_DYNAMIC secret whose admin login is the server's superuser, as a quick local set-up (and
     * run.sh's demo) has it: what a dropped role owned must still never reach that superuser.
     */
    public static String superuserDynamicSecret(String grantedRole) {
        PostgresFixture postgres = PostgresFixture.shared();
        return "{\"type\":\"POSTGRES_DYNAMIC\",\"username\":\"" + postgres.username() + "\",\"secret\":\""
                + postgres.password() + "\",\"host\":\"" + postgres.host() + "\",\"port\":" + postgres.port()
                + ",\"database\":\"" + DATABASE + "\",\"sslMode\":\"disable\",\"grantedRoles\":[\"" + grantedRole + "\"]}";
    }

    /** "nologin" for a NOLOGIN role without attributes; otherwise the attributes it has. */
    public static String roleAttributes(String role) throws SQLException {
        try (Connection db = superuser("postgres"); PreparedStatement query = db.prepareStatement(
                "SELECT concat_ws(',', CASE WHEN rolcanlogin THEN 'login' ELSE 'nologin' END, "
                        + "CASE WHEN rolsuper THEN 'superuser' END, CASE WHEN rolbypassrls THEN 'bypassrls' END, "
                        + "CASE WHEN rolcreaterole THEN 'createrole' END, CASE WHEN rolcreatedb THEN 'createdb' END) "
                        + "FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** Prepends SCRAM rules for our roles to the embedded server's pg_hba.conf (a container's already has them). */
    private static void requirePasswords(Statement sql) throws SQLException {
        Path hba;
        try (ResultSet row = sql.executeQuery("SHOW hba_file")) {
            row.next();
            hba = Path.of(row.getString(1));
        }
        if (!Files.isWritable(hba)) {
            return;
        }
        try {
            String rules = "host all " + ADMIN + ",/^gh_ all scram-sha-256\nlocal all " + ADMIN
                    + ",/^gh_ scram-sha-256\n";
            String current = Files.readString(hba, StandardCharsets.UTF_8);
            if (!current.startsWith(rules)) {
                Files.writeString(hba, rules + current, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not edit " + hba, e);
        }
        sql.execute("SELECT pg_reload_conf()");
    }

    private static void awaitPasswordsRequired() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> login(ADMIN, "wrong-password").close())
                        .hasMessageContaining("password authentication failed"));
    }

    /** The SQLSTATE of what {@code action} threw, e.g. 42501 for "permission denied". */
    public static String sqlState(SqlAction action) {
        try {
            action.run();
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @FunctionalInterface
    public interface SqlAction {
        void run() throws SQLException;
    }
}
