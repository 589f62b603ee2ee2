package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.AuditTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value written into a masked column is a secret only because of the column: no detector knows
 * {@code ak_live_…}. Each test writes one through the real proxy (psql or pgjdbc) in another way and
 * asserts the audit trail, read to its end, does not hold it while the other values of the statement are
 * still recorded, and that PostgreSQL received the statement unchanged (the key is in the table).
 */
class AuditedWritesIT extends PgListenerTest {

    /** Same shape as PostgresListenerIT's key: no detector matches it (checked by the clear value in the table). */
    private static final String KEY = "ak_live_51HxQwErTy0987654321";

    /**
     * The rule also masks {@code ref}: a detector catches {@code api_key = '…'} (a secret name assigned a
     * value) but nothing knows {@code ref = 'cust-…'}, so only the column rule keeps it out of the trail.
     */
    private static final String MASKING = "{\"columns\":[\"api_key\",\"ref\"],\"detectors\":[\"secrets\"]}";
    private static final String REF = "cust-7781-";

    private static AuditTopic audit;

    @BeforeAll
    static void createTable() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            // Created before any session logs in through the proxy: the login's catalog knows its column order.
            statement.execute("DROP TABLE IF EXISTS aw_users");
            statement.execute("CREATE TABLE aw_users (id int PRIMARY KEY, name text, api_key text, note text, ref text)");
            statement.execute("INSERT INTO aw_users (id, name) VALUES (40, 'to-update'), (50, 'to-upsert')");
        }
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAudit() {
        audit.close();
    }

    @BeforeEach
    void maskApiKeyAndRef() {
        POLICY.decide(request -> allow("rule-audited-writes", MASKING));
    }

    @Test
    void aKeyInsertedPositionallyWithPsqlIsNotInTheAuditTrail() throws Exception {
        Psql.Result result = Psql.run(listener.port(), agentToken(), Map.of(), List.of(Psql.text(
                "INSERT INTO aw_users VALUES (10, 'Ada-positional', '" + KEY + "pA', 'a plain note', '" + REF + "pA')")));

        assertThat(result.output()).contains("INSERT 0 1");
        assertStoredButNotAudited(10, KEY + "pA", "'Ada-positional'", "'a plain note'");
        assertNotAudited(REF + "pA");
    }

    @Test
    void aKeyInAColumnListInAnotherOrderIsNotInTheAuditTrail() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO aw_users (note, api_key, id, name) VALUES ('note-cl', '" + KEY
                    + "cL', 20, 'Ada-columns')");
        }
        assertStoredButNotAudited(20, KEY + "cL", "'Ada-columns'", "'note-cl'");
    }

    @Test
    void aKeyBoundAsAParameterIsNotInTheAuditTrail() throws SQLException {
        try (Connection connection = connect(agentToken());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO aw_users (id, api_key, name) VALUES (?, ?, ?)")) {
            for (int i = 0; i < 6; i++) { // past pgjdbc's prepareThreshold: a named statement bound again
                insert.setInt(1, 30 + i);
                insert.setString(2, KEY + "b" + (char) ('A' + i));
                insert.setString(3, "Ada-bound-" + i);
                insert.executeUpdate();
            }
        }
        for (int i = 0; i < 6; i++) {
            assertStoredButNotAudited(30 + i, KEY + "b" + (char) ('A' + i), "Ada-bound-" + i);
        }
    }

    @Test
    void aKeySetByUpdateIsNotInTheAuditTrail() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE aw_users SET name = 'Ada-updated', api_key = '" + KEY + "uP', ref = '"
                    + REF + "uP' WHERE id = 40");
        }
        assertStoredButNotAudited(40, KEY + "uP", "'Ada-updated'");
        assertNotAudited(REF + "uP");
    }

    @Test
    void aKeySetByOnConflictDoUpdateIsNotInTheAuditTrail() throws Exception {
        Psql.Result result = Psql.run(listener.port(), agentToken(), Map.of(), List.of(Psql.text(
                "INSERT INTO aw_users (id, name) VALUES (50, 'Ada-upsert') ON CONFLICT (id) DO UPDATE SET api_key = '"
                        + KEY + "oC', ref = '" + REF + "oC', name = EXCLUDED.name")));

        assertThat(result.output()).contains("INSERT 0 1");
        assertStoredButNotAudited(50, KEY + "oC", "'Ada-upsert'");
        assertNotAudited(REF + "oC");
    }

    @Test
    void aKeyInsertedFromASelectMasksEveryLiteralOfTheStatement() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO aw_users (id, name, api_key) SELECT 60, 'Ada-select', '" + KEY + "sE'");
        }
        // Fail closed: which literal goes where is not worked out for a query; the statement is still recorded.
        assertStoredButNotAudited(60, KEY + "sE", "INSERT INTO aw_users (id, name, api_key) SELECT ");
        assertNotAudited("'Ada-select'");
    }

    @Test
    void keysInAMultiRowValuesAreNotInTheAuditTrail() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO aw_users (id, name, api_key) VALUES (70, 'Ada-row1', '" + KEY + "mA'), "
                    + "(71, 'Ada-row2', '" + KEY + "mB'), (72, 'Ada-row3', NULL)");
        }
        assertStoredButNotAudited(70, KEY + "mA", "'Ada-row1'", "'Ada-row2'", "'Ada-row3'");
        assertStoredButNotAudited(71, KEY + "mB", "'Ada-row2'");
    }

    /** PostgreSQL got the statement as the client sent it; the audit trail has the rest but not the key. */
    private static void assertStoredButNotAudited(int id, String key, String... recorded) throws SQLException {
        try (Connection direct = direct(); ResultSet row = direct.createStatement()
                .executeQuery("SELECT api_key FROM aw_users WHERE id = " + id)) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).as("the statement reached PostgreSQL unchanged").isEqualTo(key);
        }
        assertNotAudited(key);
        assertThat(audit.everything()).as("the audit trail").contains(recorded);
    }

    /** Without printing the trail (or the value) when it fails: a failure must not put the secret in the build log. */
    private static void assertNotAudited(String value) {
        assertThat(audit.everything().contains(value)).as("the audit trail holds the value written into a masked column "
                + value.substring(0, 8) + "…").isFalse();
    }
}
