package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static dev.gatehouse.proxy.postgres.MaskingDodges.assertNoSecret;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking by lineage through pgjdbc (extended protocol with Describe, simple protocol, named prepared
 * statements): the rule masks columns {@code api_key} and {@code *_token}; every way of reading them under
 * another name or inside an expression ({@link MaskingDodges}) must leave no secret in what the client
 * gets (rows, errors, notices, notifications) nor in the audit trail, while plain columns stay in clear.
 * What PostgreSQL 17 reports for each construct is tabled in the README (masking by lineage).
 */
class MaskingLineageIT extends PgListenerTest {

    private static AuditTopic audit;

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute(MaskingDodges.SCHEMA);
        }
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAudit() {
        audit.close();
    }

    @BeforeEach
    void maskApiKeysAndTokens() {
        POLICY.decide(request -> allow("rule-lineage", MaskingDodges.MASKING));
    }

    @Test
    void noDodgeShowsASecretThroughTheExtendedProtocol() throws SQLException {
        Map<String, String> outputs = runAll(new Properties());

        outputs.values().forEach(MaskingDodges::assertNoSecret);
        for (String dodge : MaskingDodges.ISSUE) {
            assertThat(outputs.get(dodge)).as("%s is answered, masked", dodge).contains("[REDACTED:column]");
        }
        assertAuditHoldsNoSecret();
    }

    @Test
    void noDodgeShowsASecretThroughTheSimpleProtocol() throws SQLException {
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        Map<String, String> outputs = runAll(simple);

        outputs.values().forEach(MaskingDodges::assertNoSecret);
        assertThat(outputs.get("SELECT u::text FROM lin_users u")).contains("[REDACTED:column]");
        assertThat(outputs.get("SELECT k FROM lin_keys")).contains("[REDACTED:column]");
    }

    @Test
    void namedPreparedStatementsAreMaskedFromTheirDescribe() throws SQLException {
        Properties named = new Properties();
        named.setProperty("prepareThreshold", "1"); // server-side statements: Parse, Describe, then Bind/Execute
        StringBuilder output = new StringBuilder();
        try (Connection connection = connect(agentToken(), named)) {
            for (String sql : List.of("SELECT lower(api_key), id FROM lin_users WHERE id = ?",
                    "SELECT to_jsonb(u) ->> 'api_key' FROM lin_users u WHERE u.id = ?",
                    "SELECT d FROM lin_users x(a, b, c, d) WHERE a = ?",
                    "SELECT lower(d) FROM lin_users x(a, b, c, d) WHERE a = ?")) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int run = 0; run < 3; run++) {
                        statement.setLong(1, 1);
                        output.append(execute(statement, sql));
                    }
                }
            }
        }
        assertNoSecret(output.toString());
        assertThat(output).contains("[REDACTED:column]");
    }

    @Test
    void errorsAndNoticesThatWouldQuoteAMaskedValueAreWithheldKeepingTheirSqlState() throws SQLException {
        Map<String, String> outputs = new LinkedHashMap<>();
        try (Connection connection = connect(agentToken())) {
            for (String sql : MaskingDodges.ERRORS) {
                outputs.put(sql, run(connection, sql));
            }
        }
        outputs.values().forEach(MaskingDodges::assertNoSecret);
        assertThat(outputs.get("SELECT api_key::int FROM lin_users")).contains("22P02")
                .contains(TextWithholding.ERROR_TEXT);
        assertThat(outputs.get("INSERT INTO lin_users (id, api_key) SELECT id + 100, api_key FROM lin_users"))
                .contains("23505").contains(TextWithholding.ERROR_TEXT);
        assertThat(outputs.get(MaskingDodges.ERRORS.get(6))).contains(TextWithholding.NOTICE_TEXT);
        assertAuditHoldsNoSecret();
    }

    @Test
    void writesReturningWhatTheyTookFromAMaskedColumnAreMaskedAndRolledBack() throws SQLException {
        StringBuilder output = new StringBuilder();
        try (Connection connection = connect(agentToken())) {
            connection.setAutoCommit(false);
            for (String sql : MaskingDodges.WRITES) {
                output.append(run(connection, sql));
            }
            connection.rollback();
        }
        assertNoSecret(output.toString());
        assertThat(output).contains("[REDACTED:column]");
    }

    @Test
    void cursorsPreparedSqlTemporaryTablesSettingsNotificationsAndLargeObjectsKeepTheMask() throws SQLException {
        StringBuilder output = new StringBuilder();
        try (Connection connection = connect(agentToken())) {
            for (String sql : List.of("LISTEN lin_channel",
                    "SELECT pg_notify('lin_channel', api_key) FROM lin_users WHERE id = 1",
                    "SELECT set_config('application_name', api_key, false) FROM lin_users WHERE id = 1",
                    "SELECT current_setting('application_name')", "SHOW application_name",
                    "PREPARE lin_p AS SELECT lower(api_key) FROM lin_users", "EXECUTE lin_p",
                    "SELECT lo_from_bytea(424242, convert_to(api_key, 'UTF8')) FROM lin_users WHERE id = 1",
                    "SELECT convert_from(lo_get(424242), 'UTF8')", "SELECT lo_unlink(424242)",
                    "CREATE TEMP TABLE lin_copy AS SELECT * FROM lin_users", "SELECT * FROM lin_copy",
                    "BEGIN", "DECLARE lin_c CURSOR FOR SELECT lower(refresh_token) FROM lin_users", "FETCH ALL lin_c",
                    "COMMIT")) {
                output.append(run(connection, sql));
            }
            for (PGNotification notification : connection.unwrap(PGConnection.class).getNotifications()) {
                output.append(notification.getName()).append(':').append(notification.getParameter()).append('\n');
            }
            output.append(connection.getClientInfo("ApplicationName"));
        }
        assertNoSecret(output.toString());
        assertThat(output).contains("lin_channel:" + TextWithholding.PAYLOAD_TEXT);
    }

    @Test
    void aTableCreatedInTheSessionShowsItsOwnColumnsButNotWhatWasCopiedOrRenamedIntoThem() throws SQLException {
        try (Connection connection = connect(agentToken())) {
            run(connection, "DROP TABLE IF EXISTS lin_new");
            run(connection, "CREATE TABLE lin_new (id int, name text, api_key text)");
            run(connection, "INSERT INTO lin_new VALUES (1, 'own value', 'own key')");
            assertThat(run(connection, "SELECT name, api_key FROM lin_new")).contains("own value | [REDACTED:column]");
            assertThat(run(connection, "SELECT api_key AS name FROM lin_new")).doesNotContain("own key");
            assertThat(run(connection, "SELECT api_key name FROM lin_new")).doesNotContain("own key");

            run(connection, "CREATE TEMP TABLE lin_loot AS SELECT id, api_key AS name FROM lin_users");
            String copied = run(connection, "SELECT name FROM lin_loot") + run(connection, "TABLE lin_loot");
            assertNoSecret(copied);
            assertThat(copied).contains("[REDACTED:column]");
        }
    }

    @Test
    void plainColumnsAndAggregatesStayInClear() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id, plan FROM lin_users ORDER BY id")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong("id")).isEqualTo(1);
                assertThat(rows.getString("plan")).isEqualTo("pro");
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM lin_users")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
            try (ResultSet rows = statement.executeQuery("SELECT plan, count(*) AS n FROM lin_users u "
                    + "WHERE u.id > 0 GROUP BY plan ORDER BY n DESC, plan")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("free");
                assertThat(rows.getLong(2)).isEqualTo(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT id, plan FROM lin_pub WHERE id = 2")) {
                rows.next();
                assertThat(rows.getString("plan")).as("a view that reads no masked column").isEqualTo("free");
            }
            try (ResultSet rows = statement.executeQuery("SELECT id, api_key, current_user FROM lin_users WHERE id = 1")) {
                rows.next();
                assertThat(rows.getLong("id")).isEqualTo(1);
                assertThat(rows.getString("api_key")).isEqualTo("[REDACTED:column]");
                assertThat(rows.getString("current_user")).as("a value keyword beside a masked column")
                        .isEqualTo(POSTGRES.username());
            }
        }
    }

    @Test
    void noDodgeShowsASecretThroughPsql() throws Exception {
        StringBuilder script = new StringBuilder("\\set VERBOSITY verbose\nLISTEN lin_psql;\n");
        MaskingDodges.reads().forEach(sql -> script.append(sql).append(";\n"));
        script.append("BEGIN;\n");
        MaskingDodges.WRITES.forEach(sql -> script.append(sql).append(";\n"));
        script.append("ROLLBACK;\n");
        MaskingDodges.ERRORS.forEach(sql -> script.append(sql).append(";\n"));
        script.append("SELECT pg_notify('lin_psql', api_key) FROM lin_users WHERE id = 1;\n")
                .append("COPY (SELECT lower(api_key) FROM lin_users) TO STDOUT;\n")
                .append("BEGIN;\nDECLARE lin_pc CURSOR FOR SELECT api_key || '' FROM lin_users;\nFETCH ALL lin_pc;\n")
                .append("COMMIT;\nSELECT id, plan FROM lin_users ORDER BY id;\n");

        String output = psql(script.toString());

        assertNoSecret(output);
        assertThat(output).contains("[REDACTED:column]").contains(TextWithholding.ERROR_TEXT)
                .contains("payload \"" + TextWithholding.PAYLOAD_TEXT + "\"")
                .containsPattern("\\s1 \\| pro\\s");
    }

    private String psql(String script) throws Exception {
        Path file = Files.createTempFile("lineage", ".sql");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder(List.of(RequiredTool.psql().toString(), "host=127.0.0.1 port=" + listener.port()
                + " dbname=" + CONNECTION + " user=ci-agent sslmode=require", "-X", "-v", "ON_ERROR_STOP=0", "-f",
                file.toString())).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", agentToken());
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.deleteIfExists(file);
        return output;
    }

    private Map<String, String> runAll(Properties properties) throws SQLException {
        Map<String, String> outputs = new LinkedHashMap<>();
        try (Connection connection = connect(agentToken(), properties)) {
            for (String sql : MaskingDodges.reads()) {
                outputs.put(sql, run(connection, sql));
            }
        }
        return outputs;
    }

    /** Everything the client gets for {@code sql}: values, update counts, errors and warnings (notices). */
    static String run(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            StringBuilder out = new StringBuilder(sql).append('\n');
            try {
                boolean rows = statement.execute(sql);
                while (rows || statement.getUpdateCount() != -1) {
                    if (rows) {
                        try (ResultSet result = statement.getResultSet()) {
                            out.append(values(result));
                        }
                    }
                    rows = statement.getMoreResults();
                }
            } catch (SQLException e) {
                out.append(e.getSQLState()).append(' ').append(e.getMessage()).append('\n');
            }
            for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                out.append("warning ").append(w.getMessage()).append('\n');
            }
            return out.toString();
        } catch (SQLException e) {
            return e.getSQLState() + ' ' + e.getMessage();
        }
    }

    private static String execute(PreparedStatement statement, String sql) {
        try (ResultSet result = statement.executeQuery()) {
            return sql + '\n' + values(result);
        } catch (SQLException e) {
            return sql + '\n' + e.getSQLState() + ' ' + e.getMessage() + '\n';
        }
    }

    private static String values(ResultSet result) throws SQLException {
        StringBuilder out = new StringBuilder();
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
            for (int c = 1; c <= columns; c++) {
                out.append(result.getString(c)).append(" | ");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private void assertAuditHoldsNoSecret() throws SQLException {
        String marker = "lineage-done-" + Long.toString(System.nanoTime(), 36);
        try (Connection connection = connect(agentToken())) {
            run(connection, "SELECT '" + marker + "'");
        }
        audit.await(event -> event.path("kind").asString().equals("RESPONSE")
                && event.path("operation").path("statement").asString().contains(marker));
        assertNoSecret(audit.everything());
    }
}
