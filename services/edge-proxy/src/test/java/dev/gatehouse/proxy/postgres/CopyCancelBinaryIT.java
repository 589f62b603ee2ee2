package dev.gatehouse.proxy.postgres;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** COPY in both directions, a client's CancelRequest, and results pgjdbc asks for in binary. */
class CopyCancelBinaryIT extends PgListenerTest {

    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";

    @Test
    void copyInAndCopyOutStreamThroughTheProxy() throws Exception {
        POLICY.decide(request -> allow("rule-copy", null));
        try (Connection connection = connect(agentToken())) {
            connection.createStatement().execute("DROP TABLE IF EXISTS copy_it");
            connection.createStatement().execute("CREATE TABLE copy_it (id int, name text)");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder rows = new StringBuilder();
            for (int i = 1; i <= 5_000; i++) {
                rows.append(i).append('\t').append("name-").append(i).append('\n');
            }
            assertThat(copy.copyIn("COPY copy_it FROM STDIN", new StringReader(rows.toString()))).isEqualTo(5_000);

            StringWriter out = new StringWriter();
            assertThat(copy.copyOut("COPY copy_it TO STDOUT", out)).isEqualTo(5_000);
            assertThat(out.toString().lines()).hasSize(5_000).contains("4711\tname-4711");
        }
    }

    @Test
    void copyOutIsMaskedByTheDetectorsAndRefusedWhenTheRuleMasksColumns() throws Exception {
        try (Connection connection = connect(agentToken())) {
            connection.createStatement().execute("DROP TABLE IF EXISTS copy_secrets");
            connection.createStatement().execute("CREATE TABLE copy_secrets (id int, note text)");
            connection.createStatement().execute("INSERT INTO copy_secrets VALUES (1, 'key " + AWS_KEY + "')");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();

            assertThatThrownBy(() -> copy.copyOut("COPY copy_secrets TO STDOUT", new StringWriter()))
                    .as("the default rule masks the api_key column, which COPY output cannot be masked by")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));

            POLICY.decide(request -> allow("rule-detectors", "{\"detectors\":[\"secrets\"]}"));
            StringWriter out = new StringWriter();
            copy.copyOut("COPY copy_secrets TO STDOUT", out);
            assertThat(out.toString()).doesNotContain(AWS_KEY).contains("[REDACTED:aws-access-key]");
        }
    }

    @Test
    void aCancelRequestReachesTheRunningStatement() throws Exception {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try {
                    statement.execute("SELECT pg_sleep(30)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            await().atMost(10, TimeUnit.SECONDS).until(() -> sleeping() > 0);
            statement.cancel();
            Throwable outcome = running.get(15, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            try (ResultSet one = statement.executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
            }
        }
    }

    @Test
    void aTextColumnRequestedInBinaryIsRefusedRatherThanSentUnmasked() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "ci-agent");
        properties.setProperty("password", agentToken());
        properties.setProperty("sslmode", "require");
        properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        properties.setProperty("prepareThreshold", "-1");
        properties.setProperty("binaryTransferEnable", "TEXT,VARCHAR");
        try (Connection connection = java.sql.DriverManager.getConnection(jdbcUrl(), properties)) {
            connection.createStatement().execute("DROP TABLE IF EXISTS binary_secrets");
            connection.createStatement().execute("CREATE TABLE binary_secrets (id int, note text)");
            connection.createStatement().execute("INSERT INTO binary_secrets VALUES (1, '" + AWS_KEY + "')");
            try (PreparedStatement select = connection.prepareStatement("SELECT id, note FROM binary_secrets WHERE id = ?")) {
                select.setInt(1, 1);
                assertThatThrownBy(select::executeQuery).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("42501");
                    assertThat(e.getMessage()).contains("binary").doesNotContain(AWS_KEY);
                });
            }
            try (PreparedStatement ints = connection.prepareStatement("SELECT id FROM binary_secrets WHERE id = ?")) {
                ints.setInt(1, 1);
                try (ResultSet rows = ints.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).as("binary integers carry nothing to mask").isEqualTo(1);
                }
            }
        }
    }

    private static int sleeping() throws SQLException {
        try (Connection direct = direct(); ResultSet rows = direct.createStatement().executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
