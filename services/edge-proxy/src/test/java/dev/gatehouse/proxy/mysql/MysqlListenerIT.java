package dev.gatehouse.proxy.mysql;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MariaDB Connector/J through the MySQL listener against a real MariaDB. */
class MysqlListenerIT extends MysqlListenerTest {

    @BeforeEach
    void table() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), api_key VARCHAR(64))");
            statement.execute("INSERT INTO users VALUES (1, 'ada', 'ak_live_1234567890'), (2, 'bob', NULL)");
        }
    }

    @Test
    void selectsThroughTheProxyWithTheMaskedColumnReplaced() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, name, api_key FROM users ORDER BY id")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("name")).isEqualTo("ada");
            assertThat(rows.getString("api_key")).isNotBlank().doesNotContain("1234567890");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("api_key")).isNull();
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void aMaskedColumnUnderAnAliasIsStillMasked() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT api_key AS k FROM users WHERE id = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("k")).doesNotContain("1234567890");
        }
    }

    @Test
    void dmlRunsAndReportsAffectedRows() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO users (id, name) VALUES (3, 'cy')")).isEqualTo(1);
            assertThat(statement.executeUpdate("UPDATE users SET name = 'bo' WHERE id = 2")).isEqualTo(1);
            assertThat(statement.executeUpdate("DELETE FROM users WHERE id = 3")).isEqualTo(1);
        }
        assertThat(directCount("SELECT COUNT(*) FROM users")).isEqualTo(2);
    }

    @Test
    void aDeniedDropIsAnErrorTheTableSurvivesAndTheSessionGoesOn() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DROP TABLE users"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1142))
                    .hasMessageContaining("no-drops");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM users")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
        assertThat(directCount("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'users' "
                + "AND table_schema = '" + DATABASE + "'")).isEqualTo(1);
    }

    @Test
    void switchingTheDatabaseIsDecidedAsUse() throws SQLException {
        POLICY.decide(statement -> statement.startsWith("USE") ? deny("no-switch") : defaultDecision(statement));
        try (Connection connection = connect(agentToken())) {
            assertThatThrownBy(() -> connection.setCatalog("mysql")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("no-switch");
            try (Statement statement = connection.createStatement(); ResultSet database = statement.executeQuery("SELECT DATABASE()")) {
                assertThat(database.next()).isTrue();
                assertThat(database.getString(1)).isEqualTo(DATABASE);
            }
        }
        assertThat(POLICY.statements).contains("USE `mysql`");
    }

    @Test
    void aWrongTokenIsAccessDenied() {
        assertThatThrownBy(() -> connect("not-a-token").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("token was not accepted")
                .hasMessageNotContaining("not-a-token");
    }

    @Test
    void withoutTlsTheTokenIsNeverSent() {
        assertThatThrownBy(() -> connect(agentToken(), "sslMode=disable").close())
                .isInstanceOf(SQLException.class);
    }

    static int directCount(String sql) throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
