package dev.gatehouse.vault.lease;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.MariaDbFixture;
import dev.gatehouse.vault.VaultApiIntegration;
import dev.gatehouse.vault.VaultHttp.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * MYSQL_DYNAMIC leases against a real MariaDB: the vault's admin is a dedicated account with only what
 * minting needs (CREATE USER, the template role WITH ADMIN OPTION, PROCESS and CONNECTION ADMIN to end
 * sessions, SELECT on mysql.user); minted users are checked by logging in with MariaDB Connector/J.
 */
class MysqlDynamicLeaseIT extends VaultApiIntegration {

    static final MariaDbFixture MARIADB = MariaDbFixture.shared();
    static final String TARGET = "vault_my_it";
    static final String ADMIN_PASSWORD = "my-admin-pw-" + Long.toHexString(System.nanoTime());

    static {
        MARIADB.createDatabase(TARGET);
        MARIADB.sql("CREATE TABLE " + TARGET + ".orders (id INT PRIMARY KEY, item VARCHAR(20)); "
                + "INSERT INTO " + TARGET + ".orders VALUES (1, 'tea'), (2, 'cake'); "
                + "CREATE TABLE " + TARGET + ".salaries (id INT PRIMARY KEY, amount INT); "
                + "CREATE OR REPLACE ROLE vault_my_read; GRANT SELECT ON " + TARGET + ".orders TO vault_my_read; "
                + "CREATE OR REPLACE USER vault_my_admin@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'; "
                + "GRANT CREATE USER, PROCESS, CONNECTION ADMIN ON *.* TO vault_my_admin@'%'; "
                + "GRANT SELECT ON mysql.user TO vault_my_admin@'%'; "
                + "GRANT vault_my_read TO vault_my_admin@'%' WITH ADMIN OPTION");
    }

    static String secret(String role, String extra) {
        return "{\"type\":\"MYSQL_DYNAMIC\",\"username\":\"vault_my_admin\",\"secret\":\"" + ADMIN_PASSWORD
                + "\",\"host\":\"127.0.0.1\",\"port\":" + MARIADB.port() + ",\"database\":\"" + TARGET
                + "\",\"sslMode\":\"disable\",\"grantedRoles\":[\"" + role + "\"]" + (extra == null ? "" : "," + extra) + "}";
    }

    @Test
    void theMintedUserIsItselfAndCanDoOnlyWhatItsTemplateGrants(CapturedOutput output) throws Exception {
        putSecret("my-read", secret("vault_my_read", "\"connectionLimit\":2"));

        Credentials lease = mysqlLease("my-read", "session-my-read");

        assertThat(lease.user()).matches("gh_my_read_[a-z0-9]{10}").hasSizeLessThanOrEqualTo(32);
        try (Connection agent = login(lease.user(), lease.password()); Statement sql = agent.createStatement()) {
            assertThat(one(sql, "SELECT CURRENT_USER()")).isEqualTo(lease.user() + "@%");
            assertThat(one(sql, "SELECT COUNT(*) FROM orders")).isEqualTo("2");
            assertThat(errorCode(() -> sql.executeQuery("SELECT * FROM salaries"))).isEqualTo(1142);
            assertThat(errorCode(() -> sql.execute("INSERT INTO orders VALUES (3, 'x')"))).isEqualTo(1142);
            assertThat(errorCode(() -> sql.execute("CREATE USER sneaky@'%'"))).isEqualTo(1227);
        }
        assertThat(errorCode(() -> login(lease.user(), "wrong-password").close())).isEqualTo(1045);
        String account = MARIADB.sql("SHOW CREATE USER '" + lease.user() + "'@'%'");
        assertThat(account).contains("IDENTIFIED BY PASSWORD '*").contains("MAX_USER_CONNECTIONS 2")
                .contains("PASSWORD EXPIRE INTERVAL 1 DAY").doesNotContain(lease.password());
        assertThat(count(TARGET + ".orders")).isEqualTo(2);
        assertThat(output.getAll()).doesNotContain(lease.password()).doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void twoSessionsGetTwoUsersAndRevokeEndsTheOpenSessionAndDropsTheUser(CapturedOutput output) throws Exception {
        putSecret("my-revoke", secret("vault_my_read", null));
        Credentials first = mysqlLease("my-revoke", "session-my-1");
        Credentials second = mysqlLease("my-revoke", "session-my-2");
        assertThat(first.user()).isNotEqualTo(second.user());
        try (Connection open = login(first.user(), first.password()); Statement sql = open.createStatement()) {
            assertThat(one(sql, "SELECT CURRENT_USER()")).isEqualTo(first.user() + "@%");

            Response revoked = call("POST", "/api/v1/leases/" + first.leaseId() + "/revoke", proxy(), null);

            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
            assertThatThrownBy(() -> one(sql, "SELECT 1")).as("the open session was killed").isInstanceOf(SQLException.class);
        }
        assertThat(userExists(first.user())).isFalse();
        assertThat(userExists(second.user())).as("the other session's user is untouched").isTrue();
        assertThat(errorCode(() -> login(first.user(), first.password()).close())).isEqualTo(1045);
        assertThat(call("POST", "/api/v1/leases/" + first.leaseId() + "/revoke", proxy(), null).status())
                .as("revoking twice is harmless").isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(first.password()).doesNotContain(second.password());
        try (AuditTopic topic = new AuditTopic(KAFKA.bootstrapServers())) {
            var issued = topic.await(e -> e.path("kind").asString().equals("CREDENTIAL_ISSUED")
                    && e.path("leaseId").asString().equals(second.leaseId()));
            assertThat(issued.value()).contains(second.user()).doesNotContain(second.password())
                    .doesNotContain(ADMIN_PASSWORD);
        }
    }

    @Test
    void renewalMovesOnlyTheLeaseTheUserKeepsLoggingIn() throws Exception {
        putSecret("my-renew", secret("vault_my_read", "\"defaultTtl\":\"30s\",\"maxTtl\":\"40s\""));
        Credentials lease = mysqlLease("my-renew", "session-my-renew");
        Thread.sleep(1100); // so the renewed expiry is measurably later

        Response renewed = call("POST", "/api/v1/leases/" + lease.leaseId() + "/renew", proxy(), null);

        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(Instant.parse(renewed.json().get("expiresAt").asString())).isAfter(lease.expiresAt());
        assertThat(renewed.body()).doesNotContain(lease.password());
        try (Connection agent = login(lease.user(), lease.password()); Statement sql = agent.createStatement()) {
            assertThat(one(sql, "SELECT CURRENT_USER()")).isEqualTo(lease.user() + "@%");
        }
    }

    @Test
    void theSweeperDropsTheUserOfAnExpiredLease() throws Exception {
        putSecret("my-expire", secret("vault_my_read", "\"defaultTtl\":\"1s\",\"maxTtl\":\"2s\""));
        Credentials lease = mysqlLease("my-expire", "session-my-expire");
        assertThat(userExists(lease.user())).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> !userExists(lease.user()));

        JsonNode status = call("GET", "/api/v1/leases/" + lease.leaseId(), admin(), null).json();
        assertThat(status.get("state").asString()).isEqualTo("REVOKED");
        assertThat(status.get("revokeReason").asString()).isEqualTo("expired");
    }

    @Test
    void aTemplateRoleThatCannotBeGrantedLeavesNoUserBehind() {
        putSecret("my-norole", secret("vault_my_missing", null));

        Response response = lease("my-norole", "session-my-norole");

        assertProblem(response, 503, ProblemTypes.UNAVAILABLE.toString());
        assertThat(MARIADB.sql("SELECT COUNT(*) FROM mysql.user WHERE User LIKE 'gh\\_my\\_norole\\_%'"))
                .contains("0");
    }

    @Test
    void hostileTemplateRolesAndSessionNamesNeverReachTheServerAsSql() throws Exception {
        for (String role : new String[] {"x`; DROP DATABASE " + TARGET + "; --", "r' OR '1'='1", "none", "a b"}) {
            Response refused = call("PUT", "/api/v1/secrets/my-hostile", admin(), secret(role.replace("\"", "\\\""), null));
            assertProblem(refused, 400, ProblemTypes.INVALID_REQUEST.toString());
            assertThat(refused.body()).contains("grantedRoles");
        }
        putSecret("my-hostile", secret("vault_my_read", null));

        Credentials lease = mysqlLease("my-hostile", "s'; DROP USER vault_my_admin@'%'; -- `x`");

        assertThat(lease.user()).matches("gh_my_hostile_[a-z0-9]{10}");
        assertThat(count(TARGET + ".orders")).as("the target database is intact").isEqualTo(2);
        assertThat(userExists("vault_my_admin")).isTrue();
    }

    private Credentials mysqlLease(String connection, String session) {
        Response response = call("POST", "/api/v1/leases", proxy(), leaseBody(connection, session.replace("\"", "")));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode lease = response.json();
        assertThat(lease.get("dynamic").asBoolean()).isTrue();
        return new Credentials(lease.get("leaseId").asString(), lease.get("credential").get("username").asString(),
                lease.get("credential").get("secret").asString(), Instant.parse(lease.get("expiresAt").asString()));
    }

    static Connection login(String user, String password) throws SQLException {
        return DriverManager.getConnection(MARIADB.jdbcUrl(TARGET), user, password);
    }

    static boolean userExists(String user) {
        return !MARIADB.sql("SELECT User FROM mysql.user WHERE User = '" + user + "'").isBlank();
    }

    private static int count(String table) throws SQLException {
        return Integer.parseInt(MARIADB.sql("SELECT COUNT(*) FROM " + table).lines().skip(1).findFirst().orElseThrow());
    }

    private static String one(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int errorCode(ThrowingCall call) {
        try {
            call.run();
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }

    private interface ThrowingCall {
        void run() throws SQLException;
    }

    private record Credentials(String leaseId, String user, String password, Instant expiresAt) {
    }
}
