package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.OidcIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pgjdbc through the listener: statements decided one by one, denials in-band, results masked, all audited. */
class PostgresListenerIT extends PgListenerTest {

    private static final String API_KEY = "ak_live_51HxQwErTy0987654321zZ";
    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";

    private static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @Test
    void ddlDmlPreparedStatementsBatchesAndARollbackWorkThroughTheProxy() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS orders_it");
            statement.execute("CREATE TABLE orders_it (id int PRIMARY KEY, item text NOT NULL, qty int)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders_it VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 50; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "item-" + i);
                    insert.setInt(3, i * 2);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).hasSize(50);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT item, qty FROM orders_it WHERE id = ?")) {
                for (int i = 1; i <= 10; i++) { // past pgjdbc's prepareThreshold: named statements, binary ints
                    select.setInt(1, i);
                    try (ResultSet rows = select.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString(1)).isEqualTo("item-" + i);
                        assertThat(rows.getInt(2)).isEqualTo(i * 2);
                    }
                }
            }
            connection.setAutoCommit(false);
            statement.executeUpdate("DELETE FROM orders_it WHERE id <= 25");
            connection.rollback();
            connection.setAutoCommit(true);
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM orders_it")) {
                count.next();
                assertThat(count.getInt(1)).as("the rolled-back delete left every row").isEqualTo(50);
            }
        }
    }

    @Test
    void aDeniedDropTableFailsWith42501NamingTheRuleAndTheSessionStaysUsable() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS keep_me (id int)");

            assertThatThrownBy(() -> statement.execute("DROP TABLE keep_me"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains("permission denied by Gatehouse policy rule no-drops");
                    });

            try (ResultSet one = statement.executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
            }
        }
        try (Connection direct = direct(); ResultSet table = direct.createStatement()
                .executeQuery("SELECT to_regclass('public.keep_me') IS NOT NULL")) {
            table.next();
            assertThat(table.getBoolean(1)).as("the table still exists").isTrue();
        }
    }

    @Test
    void aDeniedPreparedStatementFailsInItsPipelineAndTheNextTransactionWorks() throws SQLException {
        try (Connection connection = connect(agentToken())) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS drop_target (id int)");
            assertThatThrownBy(() -> connection.prepareStatement("DROP TABLE drop_target").execute())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            try (PreparedStatement select = connection.prepareStatement("SELECT ?::int + 1")) {
                select.setInt(1, 41);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(42);
                }
            }
        }
    }

    @Test
    void aMaskedColumnIsMaskedForTheClientAndInTheAuditTrail() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS users");
            statement.execute("CREATE TABLE users (id int, name text, api_key text, note text)");
            statement.execute("INSERT INTO users VALUES (1, 'Ada', '" + API_KEY + "', 'token " + AWS_KEY + "')");
            try (PreparedStatement select = connection.prepareStatement("SELECT name, api_key, note FROM users WHERE id = ?")) {
                select.setInt(1, 1);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    assertThat(rows.getString("name")).isEqualTo("Ada");
                    assertThat(rows.getString("api_key")).doesNotContain(API_KEY).startsWith("[REDACTED");
                    assertThat(rows.getString("note")).doesNotContain(AWS_KEY).contains("[REDACTED:aws-access-key]");
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT api_key FROM users")) {
                rows.next();
                assertThat(rows.getString(1)).as("simple protocol too").doesNotContain(API_KEY);
            }
        }
        String trail = audit.everything();
        assertThat(trail).doesNotContain(API_KEY).doesNotContain(AWS_KEY);
        JsonNode response = AuditTopic.json(audit.await(event -> event.path("kind").asString().equals("RESPONSE")
                && event.path("operation").path("statement").asString().startsWith("SELECT name, api_key")));
        assertThat(response.path("masking").path("column").asInt()).isEqualTo(1);
        assertThat(response.path("operation").path("attributes").path("rows").asString()).isEqualTo("1");
    }

    @Test
    void theSessionAndEachStatementAreAuditedWithMaskedParameters() throws SQLException {
        String sessionLabel = "audit-" + Long.toString(System.nanoTime(), 36);
        try (Connection connection = connect(agentToken());
             PreparedStatement select = connection.prepareStatement("SELECT ?::text AS v, '" + sessionLabel + "'")) {
            select.setString(1, AWS_KEY);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
            }
        }
        JsonNode request = AuditTopic.json(audit.await(event -> event.path("kind").asString().equals("REQUEST")
                && event.path("operation").path("statement").asString().contains(sessionLabel)));
        assertThat(request.path("payload").asString()).doesNotContain(AWS_KEY).contains("aws-access-key");
        assertThat(request.path("verdict").asString()).isEqualTo("ALLOW");
        assertThat(request.path("ruleId").asString()).isEqualTo("rule-sql");
        assertThat(request.path("leaseId").asString()).isEqualTo("lease-pg-1");
        String sessionId = request.path("sessionId").asString();
        JsonNode started = AuditTopic.json(audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals("SESSION_STARTED")));
        assertThat(started.path("operation").path("attributes").path("role").asString()).isEqualTo(POSTGRES.username());
        assertThat(started.path("identity").path("claims").path("repository").asString()).isEqualTo("acme/app");
        JsonNode response = AuditTopic.json(audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals("RESPONSE")
                && event.path("operation").path("statement").asString().contains(sessionLabel)));
        assertThat(response.path("operation").path("attributes").path("rows").asString()).isEqualTo("1");
        assertThat(response.path("seq").asLong()).isGreaterThan(request.path("seq").asLong());
        audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals("SESSION_ENDED"));
    }

    @Test
    void anInvalidTokenIsRefusedWith28P01AndNeverEchoed() {
        String forged = agentToken().substring(0, agentToken().lastIndexOf('.') + 1) + "AAAA";
        assertThatThrownBy(() -> connect(forged)).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("28P01");
            assertThat(e.getMessage()).contains("password authentication failed").doesNotContain(forged);
        });
        assertThatThrownBy(() -> connect("not a jwt")).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = OIDC.expiredToken(OidcIssuer.CI, "repo:acme/app", OidcIssuer.AGENT_AUDIENCE, Map.of());
        assertThatThrownBy(() -> connect(expired)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void aConnectionThePolicyDoesNotDeclareIsRefusedAtLogin() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", "ci-agent");
        properties.setProperty("password", agentToken());
        properties.setProperty("sslmode", "require");
        properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        String unknown = "jdbc:postgresql://127.0.0.1:" + listener.port() + "/no-such-connection";

        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(unknown, properties))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("no-such-connection");
                });
    }

    @Test
    void plaintextIsRefusedWhenLoopbackPlaintextIsNotAllowed() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", "ci-agent");
        properties.setProperty("password", agentToken());
        properties.setProperty("sslmode", "disable");
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(jdbcUrl(), properties))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("requires TLS");
                });
    }

    @Test
    void aStatementIsNotRunWhenThePolicyServiceCannotDecide() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS fail_closed (id int)");
            POLICY.fail(500);
            assertThatThrownBy(() -> statement.execute("INSERT INTO fail_closed VALUES (1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57P03"));
            POLICY.decide(PgListenerTest::defaultDecision);
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM fail_closed")) {
                rows.next();
                assertThat(rows.getInt(1)).as("the insert never reached the database").isZero();
            }
        }
    }
}
