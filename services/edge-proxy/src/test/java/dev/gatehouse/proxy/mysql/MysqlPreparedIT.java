package dev.gatehouse.proxy.mysql;

import dev.gatehouse.testkit.AuditTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.gatehouse.proxy.mysql.MysqlListenerIT.directCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server-side prepared statements through the MySQL listener: MariaDB Connector/J with
 * {@code useServerPrepStmts=true} (the database's Com_stmt_prepare counter proves they were server-side),
 * and a raw protocol client for what no driver sends (an execute of a statement id that was never
 * allowed). Every attack asserts the target was not affected.
 */
class MysqlPreparedIT extends MysqlListenerTest {

    private static final String SECRET = "ak_live_1234567890";
    private static final String GITHUB_TOKEN = "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";
    private static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @BeforeEach
    void table() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), api_key VARCHAR(64), "
                    + "pin BIGINT)");
            statement.execute("INSERT INTO users VALUES (1, 'ada', '" + SECRET + "', 4242), (2, 'bob', NULL, NULL)");
        }
    }

    Connection serverPrepared() throws SQLException {
        return connect(agentToken(), "sslMode=trust&useServerPrepStmts=true");
    }

    @Test
    void aMaskedColumnReadThroughAServerSidePreparedStatementComesBackMasked() throws SQLException {
        long prepares = status("Com_stmt_prepare");
        try (Connection connection = serverPrepared(); PreparedStatement select = connection.prepareStatement(
                "SELECT id, name, api_key, api_key AS k, pin FROM users WHERE id = ?")) {
            select.setInt(1, 1);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("id")).isEqualTo(1);
                assertThat(rows.getString("name")).isEqualTo("ada");
                assertThat(rows.getString("api_key")).isNotBlank().doesNotContain("1234567890");
                assertThat(rows.getString("k")).isNotBlank().doesNotContain("1234567890");
                assertThat(rows.getLong("pin")).isEqualTo(4242);
                assertThat(rows.next()).isFalse();
            }
            select.setInt(1, 2);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("api_key")).isNull();
            }
        }
        assertThat(status("Com_stmt_prepare")).as("prepared on the server, not in the driver").isGreaterThan(prepares);
    }

    @Test
    void aNumberInAMaskedColumnIsWithheldInBinaryRows() throws SQLException {
        POLICY.decide(sql -> allow("rule-pin", "{\"columns\":[\"pin\"]}"));
        try (Connection connection = serverPrepared(); PreparedStatement select = connection.prepareStatement(
                "SELECT pin, pin + 0 AS p2, name FROM users WHERE id = ?")) {
            select.setInt(1, 1);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).as("a BIGINT has no room for a token: NULL, not 4242").isNull();
                assertThat(rows.getString("name")).isEqualTo("ada");
            }
        }
    }

    @Test
    void aDeniedPrepareNeverReachesTheDatabaseAndTheSessionGoesOn() throws SQLException {
        long prepares = status("Com_stmt_prepare");
        try (Connection connection = serverPrepared()) {
            assertThatThrownBy(() -> {
                try (PreparedStatement drop = connection.prepareStatement("/*!DROP*/ TABLE users")) {
                    drop.execute();
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("no-drops");
            assertThat(status("Com_stmt_prepare")).as("the DROP was never prepared on the server").isEqualTo(prepares);
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM users WHERE id > ?")) {
                count.setInt(1, 0);
                try (ResultSet rows = count.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(2);
                }
            }
        }
        assertThat(directCount("SELECT COUNT(*) FROM users")).isEqualTo(2);
    }

    @Test
    void dmlAndTransactionsRunAndCommitOrRollBackAtTheTarget() throws SQLException {
        try (Connection connection = serverPrepared();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)");
             PreparedStatement update = connection.prepareStatement("UPDATE users SET name = ? WHERE id = ?")) {
            connection.setAutoCommit(false);
            insert.setInt(1, 10);
            insert.setString(2, "rolled-back");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            connection.rollback();
            assertThat(directCount("SELECT COUNT(*) FROM users WHERE id = 10")).isZero();
            insert.setInt(1, 11);
            insert.setString(2, "committed");
            insert.executeUpdate();
            update.setString(1, "bo");
            update.setInt(2, 2);
            assertThat(update.executeUpdate()).isEqualTo(1);
            assertThat(directCount("SELECT COUNT(*) FROM users WHERE id = 11")).as("not visible before commit").isZero();
            connection.commit();
        }
        assertThat(directCount("SELECT COUNT(*) FROM users WHERE id = 11")).isEqualTo(1);
        assertThat(directCount("SELECT COUNT(*) FROM users WHERE name = 'bo'")).isEqualTo(1);
    }

    @Test
    void eachExecuteIsRecordedWriteAheadWithItsParametersMasked() throws SQLException {
        try (Connection connection = serverPrepared(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO users (id, name, api_key) VALUES (?, ?, ?)")) {
            insert.setInt(1, 20);
            insert.setString(2, "audited-20");
            insert.setString(3, GITHUB_TOKEN);
            insert.executeUpdate();
        }
        JsonNode request = AuditTopic.json(audit.await(event -> "REQUEST".equals(event.path("kind").asString())
                && event.path("payload").asString().contains("audited-20")));
        assertThat(request.path("operation").path("statement").asString())
                .isEqualTo("INSERT INTO users (id, name, api_key) VALUES (?, ?, ?)");
        assertThat(request.path("payload").asString()).contains("\"20\"").doesNotContain(GITHUB_TOKEN);
        assertThat(request.toString()).doesNotContain(GITHUB_TOKEN);
    }

    @Test
    void anExecuteOfAStatementIdThatWasNeverAllowedIsRefused() throws Exception {
        try (RawMyClient client = RawMyClient.login(listener.port(), CONNECTION, agentToken())) {
            long allowed = client.prepare("SELECT name FROM users WHERE id = 1");
            assertThatThrownBy(() -> client.prepare("DROP TABLE users"))
                    .isInstanceOfSatisfying(RawMyClient.Refused.class, e -> assertThat(e.code).isEqualTo(1142));
            for (long guessed : new long[] {allowed + 1, allowed + 2, 0, 0xFFFFFFFFL}) {
                byte[] answer = client.execute(guessed);
                assertThat(answer[0] & 0xFF).as("execute of id " + guessed).isEqualTo(0xFF);
                assertThat(RawMyClient.code(answer)).isEqualTo(1243);
            }
            client.send(new byte[] {0x19, (byte) allowed, (byte) (allowed >> 8), (byte) (allowed >> 16), (byte) (allowed >> 24)});
            assertThat(RawMyClient.code(client.execute(allowed))).as("a closed statement is gone").isEqualTo(1243);
            assertThat(client.execute(client.prepare("SELECT 1"))[0]).as("the session goes on").isEqualTo((byte) 1);
        }
        assertThat(directCount("SELECT COUNT(*) FROM users")).isEqualTo(2);
    }

    @Test
    void aPreparedSettingOfAPinnedVariableIsRefused() throws Exception {
        try (RawMyClient client = RawMyClient.login(listener.port(), CONNECTION, agentToken())) {
            for (String sql : new String[] {"SET sql_mode = ?", "SET character_set_client = ?", "SET NAMES ?"}) {
                assertThatThrownBy(() -> client.prepare(sql)).as(sql).isInstanceOf(RawMyClient.Refused.class);
            }
        }
    }

    static long status(String name) throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            rows.next();
            return rows.getLong(2);
        }
    }
}
