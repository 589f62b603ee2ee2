package dev.gatehouse.local;

import dev.gatehouse.testkit.RequiredTool;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The PostgreSQL listener through the real services (issue 7): the demo policy decides each statement,
 * the vault mints a login role per session in the demo database, the audit trail records each statement,
 * and a schema change waits for a reviewer. Clients are pgjdbc and Debian's psql.
 */
class PostgresSystemIT extends DemoSuiteTest {

    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";

    @Test
    void readsComeBackWithApiKeysMaskedThroughAPerSessionRole() throws Exception {
        try (Connection connection = connect(agent()); Statement statement = connection.createStatement();
             ResultSet users = statement.executeQuery("SELECT id, plan, email, api_key FROM users ORDER BY id")) {
            assertThat(users.next()).isTrue();
            assertThat(users.getString("plan")).isEqualTo("pro");
            // api_key by the rule's column directive, the e-mail address by its pii detector
            assertThat(users.getString("api_key")).isEqualTo("[REDACTED:column]");
            assertThat(users.getString("email")).isEqualTo("[REDACTED:email]");
            // Asked on its own: an expression in a statement that mentions a masked column is masked whole.
            try (ResultSet role = statement.executeQuery("SELECT current_user")) {
                assertThat(role.next()).isTrue();
                assertThat(role.getString(1)).as("a role the vault minted for this session")
                        .startsWith("gh_").isNotEqualTo(suite.infra().postgres().username());
            }
        }
    }

    @Test
    void aDeniedDropNames42501AndTheRuleTheSessionGoesOnAndTheTableStays() throws Exception {
        try (Connection connection = connect(agent()); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("/* cleanup */ DROP TABLE orders"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains("db-no-destructive-ddl");
                    });
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM orders")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getInt(1)).as("the table is still there").isPositive();
            }
        }
    }

    @Test
    void psqlRunsAScriptThroughTheListener() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(RequiredTool.psql().toString(), "-X", "-h", "127.0.0.1", "-p",
                String.valueOf(suite.proxyPostgresPort()), "-U", "ci-job", "-d", DemoSetup.DB_CONNECTION,
                "-c", "SELECT plan, api_key FROM users WHERE id = 1", "-c", "DROP TABLE users",
                "-c", "SELECT count(*) AS n FROM orders").redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", agent());
        builder.environment().put("PGSSLMODE", "require");
        Process run = builder.start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output).contains("pro").contains("[REDACTED:column]").doesNotContain("ak_demo_4eC39HqLyjWDarjtT1zdp7dc");
        assertThat(output).contains("ERROR:").contains("db-no-destructive-ddl");
        assertThat(output).as("the statement after the denial ran").containsPattern("(?m)^\\s+3\\s*$");
        assertThat(output).doesNotContain(agent().substring(0, 40));
    }

    @Test
    void aSchemaChangeWaitsForAReviewerAndRunsOnceApproved() throws Exception {
        String table = "reviewed_" + Long.toString(System.nanoTime(), 36);
        try (Connection connection = connect(agent()); Statement statement = connection.createStatement()) {
            CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return statement.execute("CREATE TABLE " + table + " (id int)");
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
            assertThat((Object) statement.getWarnings()).as("the NOTICE that named the approval").isNotNull();
            assertThat(statement.getWarnings().getMessage()).contains(approval);
        }
        try (Connection direct = direct();
             ResultSet exists = direct.createStatement().executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            exists.next();
            assertThat(exists.getBoolean(1)).isTrue();
        }
        // The session ended, so the vault drops its role. The demo's vault admin is the server's superuser:
        // the table must go to the connection's unprivileged owner role, never to that superuser.
        String owner = await("the session role dropped and its table handed on").atMost(Duration.ofSeconds(30))
                .until(() -> query("SELECT r.rolname || ' ' || r.rolsuper FROM pg_class c JOIN pg_roles r ON r.oid = "
                        + "c.relowner WHERE c.oid = 'public." + table + "'::regclass"), o -> !o.startsWith("gh_demo_db_") || o.startsWith("gh_demo_db_owner"));
        assertThat(owner).isEqualTo("gh_demo_db_owner false");
    }

    /** The attack: large objects live outside any table and outlive the session; lo_create() looked like a read. */
    @Test
    void largeObjectFunctionsAreRefusedAndNoLargeObjectIsLeftBehind() throws Exception {
        String before = query("SELECT count(*) FROM pg_largeobject_metadata");
        ProcessBuilder builder = new ProcessBuilder(RequiredTool.psql().toString(), "-X", "-h", "127.0.0.1", "-p",
                String.valueOf(suite.proxyPostgresPort()), "-U", "ci-job", "-d", DemoSetup.DB_CONNECTION,
                "-c", "SELECT lo_create(0)", "-c", "SELECT lo_from_bytea(0, 'payload'::bytea)",
                "-c", "SELECT id FROM users WHERE lo_unlink(16384) = 1").redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", agent());
        builder.environment().put("PGSSLMODE", "require");
        Process run = builder.start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output.split("db-no-code-execution", -1)).as(output).hasSize(4);
        assertThat(query("SELECT count(*) FROM pg_largeobject_metadata")).isEqualTo(before);
    }

    private static Connection direct() throws SQLException {
        return DriverManager.getConnection(suite.infra().postgres().jdbcUrl(DemoSetup.DB_DATABASE),
                suite.infra().postgres().username(), suite.infra().postgres().password());
    }

    private static String query(String sql) throws SQLException {
        try (Connection direct = direct(); ResultSet row = direct.createStatement().executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    @Test
    void aWriteIsRecordedInTheAuditTrailBeforeAndAfterItRuns() throws Exception {
        try (Connection connection = connect(agent()); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE orders SET amount_cents = amount_cents WHERE id = 1");
        }
        String auditor = oidc.internalToken("auditor", "gatehouse-auditor");
        URI search = URI.create(suite.url("audit-service") + "/api/v1/events?limit=100&connection="
                + DemoSetup.DB_CONNECTION + "&ruleId=db-writes&subject=" + URLEncoder.encode(SUBJECT, StandardCharsets.UTF_8));
        JsonNode request = await("the UPDATE's REQUEST and RESPONSE in the audit trail").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    JsonNode page = JSON.readTree(HTTP.send(HttpRequest.newBuilder(search)
                            .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString()).body());
                    JsonNode found = null;
                    boolean responded = false;
                    for (JsonNode event : page.path("items")) {
                        found = event.path("kind").asString().equals("REQUEST") ? event : found;
                        responded |= event.path("kind").asString().equals("RESPONSE");
                    }
                    return responded ? found : null;
                }, java.util.Objects::nonNull);
        assertThat(request.path("verdict").asString()).isEqualTo("ALLOW");
        assertThat(request.path("protocol").asString()).isEqualTo("POSTGRES");
    }

    private static String agent() {
        return oidc.ciToken(SUBJECT, Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", "88"));
    }

    private static Connection connect(String token) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ci-job");
        properties.setProperty("password", token);
        properties.setProperty("sslmode", "require");
        properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + suite.proxyPostgresPort() + "/"
                + DemoSetup.DB_CONNECTION, properties);
    }

    private static String awaitPending(String text) {
        String reviewer = oidc.internalToken("lister", "gatehouse-reviewer");
        URI list = URI.create(suite.url("approval-service") + "/api/v1/approvals?status=PENDING&connection="
                + DemoSetup.DB_CONNECTION);
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
}
