package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.approval.ApprovalGate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import reactor.core.publisher.Mono;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import static dev.gatehouse.proxy.mysql.MysqlListenerIT.directCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * MySQL Connector/J (Oracle's driver) through the MySQL listener against the real MariaDB, with
 * server-side prepared statements and cursor fetches ({@code useServerPrepStmts}, {@code useCursorFetch}):
 * DML and transactions, a masked column read through a cursor, a disguised DROP denied, DDL held for
 * review. Its built-in mysql_clear_password plugin runs only over TLS ({@code sslMode=REQUIRED}); no
 * other property is needed. The listener announces 5.7.19 here: Connector/J reads {@code transaction_isolation}
 * from a server of 5.7.20 or later, a name MariaDB knows only from 11.1 (this target is 10.11). The
 * approval gate is a test double here, as in the PostgreSQL review tests.
 */
@TestPropertySource(properties = "gatehouse.proxy.mysql.server-version=5.7.19-Gatehouse")
class MysqlConnectorJIT extends MysqlListenerTest {

    private static final String REVIEWED = "CREATE TABLE reviewed_my (id INT)";

    @MockitoBean
    ApprovalGate approvals;

    @BeforeEach
    void table() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), api_key VARCHAR(64))");
            statement.execute("INSERT INTO users VALUES (1, 'ada', 'ak_live_1234567890'), (2, 'bob', NULL), "
                    + "(3, 'cy', 'ak_live_0987654321')");
            statement.execute("DROP TABLE IF EXISTS reviewed_my");
        }
    }

    Connection oracleDriver(String options) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ci-agent");
        properties.setProperty("password", agentToken());
        properties.setProperty("connectTimeout", "30000");
        properties.setProperty("socketTimeout", "60000");
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + listener.port() + "/" + CONNECTION
                + "?sslMode=REQUIRED&useServerPrepStmts=true&" + options, properties);
    }

    @Test
    void aMaskedColumnReadThroughAServerSideCursorComesBackMasked() throws SQLException {
        long fetches = MysqlPreparedIT.status("Com_stmt_fetch");
        try (Connection connection = oracleDriver("useCursorFetch=true");
             PreparedStatement select = connection.prepareStatement("SELECT id, api_key FROM users WHERE id >= ? ORDER BY id")) {
            select.setFetchSize(1);
            select.setInt(1, 1);
            try (ResultSet rows = select.executeQuery()) {
                int seen = 0;
                while (rows.next()) {
                    seen++;
                    assertThat(String.valueOf(rows.getString("api_key"))).doesNotContain("1234567890")
                            .doesNotContain("0987654321");
                }
                assertThat(seen).isEqualTo(3);
            }
        }
        assertThat(MysqlPreparedIT.status("Com_stmt_fetch")).as("rows came through COM_STMT_FETCH").isGreaterThan(fetches);
    }

    @Test
    void dmlAndTransactionsCommitAndRollBackAtTheTarget() throws SQLException {
        try (Connection connection = oracleDriver("");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            insert.setInt(1, 30);
            insert.setString(2, "gone");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            connection.rollback();
            insert.setInt(1, 31);
            insert.setString(2, "kept");
            insert.executeUpdate();
            try (Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("DELETE FROM users WHERE id = 2")).isEqualTo(1);
            }
            connection.commit();
        }
        assertThat(directCount("SELECT COUNT(*) FROM users WHERE id = 30")).isZero();
        assertThat(directCount("SELECT COUNT(*) FROM users WHERE id = 31")).isEqualTo(1);
        assertThat(directCount("SELECT COUNT(*) FROM users WHERE id = 2")).isZero();
    }

    @Test
    void aDisguisedDropIsDeniedTheTableSurvivesAndTheNextStatementRuns() throws SQLException {
        try (Connection connection = oracleDriver(""); Statement statement = connection.createStatement()) {
            for (String drop : new String[] {"/*!DROP*/ TABLE users", "SELECT 1 # \n; DROP TABLE users",
                    "DROP/**/TABLE users"}) {
                assertThatThrownBy(() -> statement.execute(drop)).as(drop).isInstanceOf(SQLException.class);
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM users")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(3);
            }
        }
        assertThat(directCount("SELECT COUNT(*) FROM users")).isEqualTo(3);
    }

    @Test
    void ddlHeldForReviewRunsOnlyOnceApproved() throws SQLException {
        UUID rejected = reviewRequested(ApprovalStatus.REJECTED);
        try (Connection connection = oracleDriver(""); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute(REVIEWED)).isInstanceOf(SQLException.class)
                    .hasMessageContaining(rejected.toString()).hasMessageContaining("rejected");
            assertThat(tableExists()).isFalse();
            UUID approved = reviewRequested(ApprovalStatus.APPROVED);
            statement.execute(REVIEWED);
            verify(approvals).consume(eq(approved), eq(ApprovalFingerprint.sql(CONNECTION, REVIEWED)), any());
        }
        assertThat(tableExists()).isTrue();
    }

    @Test
    void aReviewedPreparedStatementsApprovalCoversOneExecuteTheNextIsReviewedAgain() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute(REVIEWED);
        }
        String insert = "INSERT INTO reviewed_my VALUES (?)";
        UUID id = reviewRequested(ApprovalStatus.APPROVED);
        try (Connection connection = oracleDriver("");
             PreparedStatement run = connection.prepareStatement(insert)) {
            run.setInt(1, 1);
            run.execute();
            run.setInt(1, 2);
            run.execute();
        }
        verify(approvals, times(2)).request(any()); // at prepare, and again for the second execute
        verify(approvals, times(2)).consume(eq(id), eq(ApprovalFingerprint.sql(CONNECTION, insert)), any());
        assertThat(directCount("SELECT COUNT(*) FROM reviewed_my")).isEqualTo(2);
    }

    private UUID reviewRequested(ApprovalStatus outcome) {
        POLICY.decide(sql -> sql.contains("reviewed_my")
                ? "{\"verdict\":\"REVIEW\",\"ruleId\":\"needs-review\",\"reason\":\"test\",\"target\":{\"name\":\""
                + CONNECTION + "\",\"protocol\":\"MYSQL\",\"upstream\":\"" + upstream() + "\"}}"
                : defaultDecision(sql));
        UUID id = UUID.randomUUID();
        Approval approval = new Approval(id, ApprovalStatus.PENDING, "s", null, CONNECTION, null, REVIEWED, "f",
                "needs-review", 1L, "gatehouse-reviewer", 1, null, Instant.now(), Instant.now().plusSeconds(600), null,
                null, null, 0, "https://gatehouse.test/approvals/" + id);
        when(approvals.request(any())).thenReturn(Mono.just(approval));
        when(approvals.await(eq(id), any())).thenReturn(Mono.delay(Duration.ofMillis(100)).thenReturn(
                new ApprovalDecided(id, outcome, "s", "f", "reviewer@example.com", null, Instant.now(), 0)));
        when(approvals.consume(eq(id), anyString(), any())).thenReturn(Mono.just(approval));
        when(approvals.cancel(any())).thenReturn(Mono.empty());
        return id;
    }

    private static boolean tableExists() throws SQLException {
        return directCount("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'reviewed_my' "
                + "AND table_schema = '" + DATABASE + "'") == 1;
    }
}
