package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.approval.ApprovalGate;
import dev.gatehouse.proxy.approval.ApprovalNotUsable;
import dev.gatehouse.testkit.AuditTopic;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import reactor.core.publisher.Mono;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A statement under review waits, with a NOTICE naming the approval URL, and runs only once approved
 * and consumed for its own fingerprint. The approval gate is replaced by a test double here: its
 * real implementation and its own tests live with the approval feature.
 */
class StatementReviewIT extends PgListenerTest {

    private static final String REVIEWED = "CREATE TABLE IF NOT EXISTS reviewed_table (id int)";

    @MockitoBean
    ApprovalGate approvals;

    @Test
    void anApprovedStatementRunsAfterTheClientWasToldWhereToApprove() throws SQLException {
        UUID id = reviewRequested(ApprovalStatus.APPROVED);
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute(REVIEWED);

            SQLWarning notice = statement.getWarnings();
            assertThat((Object) notice).isNotNull();
            assertThat(notice.getMessage()).contains("needs an approval").contains("https://gatehouse.test/approvals/" + id);
        }
        ArgumentCaptor<ApprovalRequest> request = ArgumentCaptor.forClass(ApprovalRequest.class);
        verify(approvals).request(request.capture());
        assertThat(request.getValue().ruleId()).isEqualTo("needs-review");
        assertThat(request.getValue().connection()).isEqualTo(CONNECTION);
        verify(approvals).consume(eq(id), eq(ApprovalFingerprint.sql(CONNECTION, REVIEWED)), any());
        assertThat(tableExists()).isTrue();
        try (AuditTopic audit = new AuditTopic(KAFKA.bootstrapServers())) {
            audit.await(event -> event.path("kind").asString().equals("REQUEST")
                    && event.path("approvalId").asString().equals(id.toString())
                    && event.path("verdict").asString().equals("REVIEW"));
        }
    }

    @Test
    void aRejectedStatementFailsWith42501AndNeverRuns() throws SQLException {
        try (Connection direct = direct()) {
            direct.createStatement().execute("DROP TABLE IF EXISTS reviewed_table");
        }
        reviewRequested(ApprovalStatus.REJECTED);
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute(REVIEWED)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage()).contains("rejected");
            });
            try (ResultSet one = statement.executeQuery("SELECT 1")) {
                assertThat(one.next()).as("the session stays usable").isTrue();
            }
        }
        assertThat(tableExists()).isFalse();
    }

    @Test
    void aPreparedStatementApprovedOnceNeedsItsApprovalAgainToRunAgain() throws SQLException {
        String insert = "INSERT INTO reviewed_table VALUES (7)";
        try (Connection direct = direct()) {
            direct.createStatement().execute(REVIEWED);
            direct.createStatement().execute("DELETE FROM reviewed_table");
        }
        UUID id = reviewRequested(ApprovalStatus.APPROVED);
        // The first run consumes the approval; a second consume of a one-time approval is refused, so the
        // second run is reviewed afresh (and approved again here).
        when(approvals.consume(eq(id), anyString(), any())).thenReturn(Mono.just(approvalOf(id)))
                .thenReturn(Mono.error(new ApprovalNotUsable("already-used", ApprovalStatus.CONSUMED, null)))
                .thenReturn(Mono.just(approvalOf(id)));
        java.util.Properties server = new java.util.Properties();
        server.setProperty("prepareThreshold", "1"); // a named server-side statement: the second run is Bind only
        try (Connection connection = connect(agentToken(), server);
             java.sql.PreparedStatement run = connection.prepareStatement(insert)) {
            run.execute();
            run.execute();
        }
        verify(approvals, times(2)).request(any());
        verify(approvals, times(3)).consume(eq(id), eq(ApprovalFingerprint.sql(CONNECTION, insert)), any());
        try (Connection direct = direct(); ResultSet rows = direct.createStatement()
                .executeQuery("SELECT count(*) FROM reviewed_table")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void aValueWrittenIntoAMaskedColumnIsNotInTheApprovalRequest() throws SQLException {
        String ref = "cust-7781-rV"; // no detector knows it: only the rule's column keeps it from the reviewer's record
        try (Connection direct = direct()) {
            direct.createStatement().execute("DROP TABLE IF EXISTS reviewed_refs");
            direct.createStatement().execute("CREATE TABLE reviewed_refs (id int, name text, ref text)");
        }
        UUID id = reviewRequested(ApprovalStatus.APPROVED);
        POLICY.decide(request -> request.contains("reviewed_refs")
                ? "{\"verdict\":\"REVIEW\",\"ruleId\":\"needs-review\",\"reason\":\"test\",\"target\":{\"name\":\""
                + CONNECTION + "\",\"protocol\":\"POSTGRES\",\"upstream\":\"" + upstream() + "\"},"
                + "\"masking\":{\"columns\":[\"ref\"]}}"
                : defaultDecision(request));
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO reviewed_refs VALUES (1, 'Ada-reviewed', '" + ref + "')");
        }
        ArgumentCaptor<ApprovalRequest> request = ArgumentCaptor.forClass(ApprovalRequest.class);
        verify(approvals).request(request.capture());
        assertThat(request.getValue().command()).doesNotContain(ref).contains("'Ada-reviewed'");
        assertThat(request.getValue().operation().statement()).doesNotContain(ref);
        verify(approvals).consume(eq(id), eq(ApprovalFingerprint.sql(CONNECTION,
                "INSERT INTO reviewed_refs VALUES (1, 'Ada-reviewed', '" + ref + "')")), any());
        try (Connection direct = direct(); ResultSet row = direct.createStatement()
                .executeQuery("SELECT ref FROM reviewed_refs WHERE id = 1")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).as("the approved statement ran unchanged").isEqualTo(ref);
        }
    }

    private UUID reviewRequested(ApprovalStatus outcome) {
        POLICY.decide(request -> request.contains("reviewed_table")
                ? "{\"verdict\":\"REVIEW\",\"ruleId\":\"needs-review\",\"reason\":\"test\",\"target\":{\"name\":\""
                + CONNECTION + "\",\"protocol\":\"POSTGRES\",\"upstream\":\"" + upstream() + "\"}}"
                : defaultDecision(request));
        UUID id = UUID.randomUUID();
        Approval approval = approvalOf(id);
        when(approvals.request(any())).thenReturn(Mono.just(approval));
        when(approvals.await(eq(id), any())).thenReturn(Mono.delay(Duration.ofMillis(200)).thenReturn(
                new ApprovalDecided(id, outcome, "s", "f", "reviewer@example.com", null, Instant.now(), 0)));
        when(approvals.consume(eq(id), anyString(), any())).thenReturn(Mono.just(approval));
        when(approvals.cancel(any())).thenReturn(Mono.empty());
        return id;
    }

    private static Approval approvalOf(UUID id) {
        return new Approval(id, ApprovalStatus.PENDING, "s", null, CONNECTION, null, REVIEWED, "f",
                "needs-review", 1L, "gatehouse-reviewer", 1, null, Instant.now(), Instant.now().plusSeconds(600), null,
                null, null, 0, "https://gatehouse.test/approvals/" + id);
    }

    private static boolean tableExists() throws SQLException {
        try (Connection direct = direct(); ResultSet table = direct.createStatement()
                .executeQuery("SELECT to_regclass('public.reviewed_table') IS NOT NULL")) {
            table.next();
            return table.getBoolean(1);
        }
    }
}
