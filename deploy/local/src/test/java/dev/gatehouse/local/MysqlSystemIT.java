package dev.gatehouse.local;

import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * demo-mysql end to end: MariaDB Connector/J through the proxy's MySQL listener, decided by the real
 * policy-service (the MySQL classifier and the demo policy), the login from the real vault, the trail in
 * Kafka; the demo MariaDB is a child process, as run.sh starts it.
 */
class MysqlSystemIT extends DemoSuiteTest {

    @BeforeAll
    static void demoMysql() {
        RequiredTool.mariadbd(); // fails (not skips) the class when the server is not installed
        if (!DemoMysql.running()) {
            DemoMysql.startIfInstalled();
        }
        DemoSetup.seedMysql(suite);
    }

    @Test
    void readsComeBackWithApiKeysMasked() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet users = statement.executeQuery("SELECT id, name, api_key FROM users ORDER BY id")) {
            assertThat(users.next()).isTrue();
            assertThat(users.getString("name")).isEqualTo("Ada");
            assertThat(users.getString("api_key")).isEqualTo("[REDACTED:column]");
        }
    }

    @Test
    void disguisedAndDynamicDropsAreDeniedByTheRealPolicyAndTheTableStays() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String attack : new String[] {"/*! DROP TABLE users */", "SELECT 1 /*!; DROP TABLE users */",
                    "SELECT 1 # c\n; DROP TABLE users", "SET @s = 'DROP TABLE users'; PREPARE s FROM @s; EXECUTE s",
                    "SELECT * FROM users INTO OUTFILE '/tmp/gatehouse-demo-users'",
                    "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE users", "DELETE FROM users"}) {
                assertThatThrownBy(() -> {
                    boolean results = statement.execute(attack);
                    while (results || statement.getUpdateCount() != -1) {
                        results = statement.getMoreResults();
                    }
                }).as(attack).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).as(attack + ": " + e.getMessage()).isEqualTo(1142));
            }
            try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM users")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getInt(1)).as("the table and its rows are still there").isEqualTo(2);
            }
        }
    }

    @Test
    void aSchemaChangeWaitsForAReviewerAndRunsOnceApproved() throws Exception {
        String table = "reviewed_" + Long.toString(System.nanoTime(), 36);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return statement.execute("CREATE TABLE " + table + " (id INT)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            String approval = awaitPending(table);
            assertThat(held).as("the statement waits").isNotDone();
            HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("approval-service")
                            + "/api/v1/approvals/" + approval + "/approve"))
                    .header("Authorization", "Bearer " + oidc.internalToken("dba", "gatehouse-reviewer"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"migration reviewed\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            held.get(30, TimeUnit.SECONDS);
            try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                assertThat(count.next()).as("the table exists once approved").isTrue();
            }
        }
    }

    private static String awaitPending(String text) {
        String reviewer = oidc.internalToken("lister", "gatehouse-reviewer");
        URI list = URI.create(suite.url("approval-service") + "/api/v1/approvals?status=PENDING&connection="
                + DemoMysql.CONNECTION);
        return await("a pending approval for " + text).atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode body = JSON.readTree(HTTP.send(HttpRequest.newBuilder(list).header("Authorization", "Bearer " + reviewer)
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode approval : body.isArray() ? body : body.path("items")) {
                if (approval.path("command").asString().contains(text)) {
                    return approval.path("id").asString();
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ci-job");
        properties.setProperty("password", oidc.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", "89")));
        properties.setProperty("connectTimeout", "30000");
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + suite.proxyMysqlPort() + "/"
                + DemoMysql.CONNECTION + "?sslMode=trust&allowMultiQueries=true", properties);
    }
}
