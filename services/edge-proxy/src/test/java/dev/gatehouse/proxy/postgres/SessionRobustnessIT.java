package dev.gatehouse.proxy.postgres;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Sessions that end badly, and portals the proxy did not open. */
class SessionRobustnessIT extends PgListenerTest {

    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";

    @Test
    void aClientThatVanishesMidResultEndsItsDatabaseSession() throws Exception {
        String marker = "vanish_" + Long.toString(System.nanoTime(), 36);
        try (RawPgClient client = RawPgClient.tls(listener.port())) {
            client.login(CONNECTION, agentToken());
            client.write(RawPgClient.message('Q', RawPgClient.cstring(
                    "SELECT g AS " + marker + " FROM generate_series(1, 50000000) g")));
            client.flush();
            for (int i = 0; i < 100; i++) {
                client.read(); // the result has started
            }
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> backendsRunning(marker) == 0);
        try (Connection connection = connect(agentToken());
             ResultSet one = connection.createStatement().executeQuery("SELECT 1")) {
            assertThat(one.next()).isTrue();
        }
    }

    @Test
    void aDatabaseSessionThatDiesEndsTheClientSessionWithAnError() throws Exception {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            int pid;
            try (ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
                backend.next();
                pid = backend.getInt(1);
            }
            try (Connection direct = direct()) {
                direct.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
        }
        try (Connection connection = connect(agentToken());
             ResultSet one = connection.createStatement().executeQuery("SELECT 1")) {
            assertThat(one.next()).as("the listener serves new sessions").isTrue();
        }
    }

    @Test
    void aCursorOpenedInSqlCannotBeExecutedAroundTheMasking() throws Exception {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS cursor_users");
            statement.execute("CREATE TABLE cursor_users (api_key text)");
            statement.execute("INSERT INTO cursor_users VALUES ('" + AWS_KEY + "')");
        }
        try (RawPgClient client = RawPgClient.tls(listener.port())) {
            client.login(CONNECTION, agentToken());
            client.write(RawPgClient.message('Q', RawPgClient.cstring(
                    "BEGIN; DECLARE c CURSOR FOR SELECT api_key FROM cursor_users")));
            client.flush();
            while (client.read().type() != 'Z') {
                // the cursor is open
            }
            ByteArrayOutputStream execute = new ByteArrayOutputStream();
            execute.writeBytes(RawPgClient.cstring("c"));
            RawPgClient.writeInt(execute, 0);
            client.write(RawPgClient.message('E', execute.toByteArray()));
            client.write(RawPgClient.message('S', new byte[0]));
            client.flush();
            StringBuilder seen = new StringBuilder();
            RawPgClient.Message message;
            do {
                message = client.read();
                seen.append(message.type()).append(new String(message.body(), StandardCharsets.UTF_8));
            } while (message.type() != 'Z');
            assertThat(seen.toString()).doesNotContain(AWS_KEY).contains("42501")
                    .contains("only portals bound through Gatehouse can be executed");
        }
    }

    private static int backendsRunning(String marker) throws SQLException {
        try (Connection direct = direct(); ResultSet rows = direct.createStatement().executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%" + marker + "%' AND pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
