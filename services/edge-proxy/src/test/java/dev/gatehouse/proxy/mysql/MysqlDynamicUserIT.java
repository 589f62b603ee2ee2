package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.support.StubHttpServer.Received;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.TestPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A MYSQL_DYNAMIC connection through the listener: every session asks the vault for its own lease, runs as
 * the user minted for it, and releases the lease when it ends. The vault is a stub that mints and drops
 * real MariaDB users the way credential-vault's {@code MysqlUsers} does (that class is proven against the
 * real server in credential-vault's {@code MysqlDynamicLeaseIT}); here the proxy's side is under test.
 */
@ExtendWith(OutputCaptureExtension.class)
// A context of its own: in the shared one the other MySQL tests leave the connection's static lease in the
// proxy's lease cache, and a session asks the vault for its own lease only while no static one is known.
@TestPropertySource(properties = "gatehouse.test.lease-cache=mysql-dynamic-users")
class MysqlDynamicUserIT extends MysqlListenerTest {

    private static final String ROLE = "my_dyn_template";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** leaseId → (user, password), what the stub vault minted. */
    private final Map<String, String[]> minted = new ConcurrentHashMap<>();

    @BeforeEach
    void dynamicVault() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE orders (id INT PRIMARY KEY, item VARCHAR(20))");
            statement.execute("INSERT INTO orders VALUES (1, 'tea'), (2, 'cake')");
            statement.execute("CREATE OR REPLACE TABLE payroll (id INT PRIMARY KEY)");
        }
        MARIADB.sql("CREATE OR REPLACE ROLE " + ROLE + "; GRANT SELECT, INSERT ON " + DATABASE + ".orders TO " + ROLE);
        VAULT.respond(this::vault);
    }

    @Test
    void eachSessionRunsAsItsOwnMintedUserWhichIsDroppedWhenTheSessionEnds(CapturedOutput output) throws Exception {
        String first;
        String second;
        try (Connection one = connect(agentToken()); Connection two = connect(agentToken());
             Statement sqlOne = one.createStatement(); Statement sqlTwo = two.createStatement()) {
            first = single(sqlOne, "SELECT CURRENT_USER()");
            second = single(sqlTwo, "SELECT CURRENT_USER()");
            assertThat(first).matches("gh_mydemo_[a-z0-9]{10}@%");
            assertThat(second).matches("gh_mydemo_[a-z0-9]{10}@%").isNotEqualTo(first);
            assertThat(single(sqlOne, "SELECT COUNT(*) FROM orders")).isEqualTo("2");
            assertThat(userExists(user(first))).isTrue();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(userExists(user(first))).as("dropped after its session").isFalse();
            assertThat(userExists(user(second))).isFalse();
        });
        List<String> revoked = VAULT.received().stream().map(Received::path).filter(p -> p.endsWith("/revoke")).toList();
        assertThat(revoked).as("each session released its own lease once")
                .containsOnlyOnce("/api/v1/leases/" + user(first) + "/revoke", "/api/v1/leases/" + user(second) + "/revoke");
        for (String[] credential : minted.values()) {
            assertThat(output.getAll()).doesNotContain(credential[1]);
        }
    }

    @Test
    void theMintedUserCanDoOnlyWhatItsTemplateGrantsThroughTheProxy() throws Exception {
        try (Connection agent = connect(agentToken()); Statement sql = agent.createStatement()) {
            assertThat(sql.executeUpdate("INSERT INTO orders VALUES (3, 'scone')")).isEqualTo(1);
            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM payroll")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1142));
            assertThatThrownBy(() -> sql.execute("DELETE FROM orders")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1142));
            assertThatThrownBy(() -> sql.execute("CREATE USER sneaky@'%'")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1227));
        }
        assertThat(MysqlListenerIT.directCount("SELECT COUNT(*) FROM orders")).as("the DELETE did not run").isEqualTo(3);
        assertThat(MARIADB.sql("SELECT User FROM mysql.user WHERE User = 'sneaky'")).isBlank();
    }

    @Test
    void aLoginTheTargetRefusesStillReleasesTheMintedUser() {
        VAULT.respond(request -> { // the user is minted, but the proxy is handed a password the target refuses
            String answer = vault(request);
            return request.path().equals("/api/v1/leases") ? answer.replaceAll("\"secret\":\"[A-Za-z0-9]+\"",
                    "\"secret\":\"not-the-password\"") : answer;
        });

        assertThatThrownBy(() -> connect(agentToken()).close()).isInstanceOf(SQLException.class);

        assertThat(minted).hasSize(1);
        String user = minted.keySet().iterator().next();
        await().atMost(Duration.ofSeconds(10)).until(() -> !userExists(user));
        assertThat(VAULT.received().stream().map(Received::path)).contains("/api/v1/leases/" + user + "/revoke");
    }

    /** The vault's lease API for a MYSQL_DYNAMIC connection, minting and dropping real users. */
    private String vault(Received request) {
        if (request.path().equals("/api/v1/leases")) {
            assertThat(request.body()).contains("\"sessionId\"");
            String user = "gh_mydemo_" + random("abcdefghijklmnopqrstuvwxyz0123456789", 10);
            String password = random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
            MARIADB.sql("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'; GRANT " + ROLE + " TO '"
                    + user + "'@'%'; SET DEFAULT ROLE " + ROLE + " FOR '" + user + "'@'%'");
            minted.put(user, new String[] {user, password});
            return "{\"leaseId\":\"" + user + "\",\"connection\":\"" + CONNECTION + "\",\"credential\":{\"type\":"
                    + "\"PASSWORD\",\"username\":\"" + user + "\",\"secret\":\"" + password + "\"},\"expiresAt\":\""
                    + Instant.now().plusSeconds(600) + "\",\"dynamic\":true,\"renewableUntil\":\""
                    + Instant.now().plusSeconds(3600) + "\"}";
        }
        if (request.path().endsWith("/revoke")) {
            String user = request.path().split("/")[4];
            MARIADB.sql("DROP USER IF EXISTS '" + user + "'@'%'");
            return "{\"leaseId\":\"" + user + "\",\"state\":\"REVOKED\",\"expiresAt\":\"" + Instant.now() + "\"}";
        }
        return "{}";
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String user(String currentUser) {
        return currentUser.substring(0, currentUser.indexOf('@'));
    }

    static boolean userExists(String user) {
        return !MARIADB.sql("SELECT User FROM mysql.user WHERE User = '" + user + "'").isBlank();
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
