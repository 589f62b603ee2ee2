package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.approval.FakeApprovalService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gate's one approval rule on PostgreSQL, through the real listener with pgjdbc (its HTTP twin is
 * {@code ApprovalRuleIT}, with the same approval-service fake): a held statement whose approval is then
 * consumed elsewhere, rejected or expired is refused with 42501 and never runs.
 */
class PgApprovalRuleIT extends PgListenerTest {

    static final FakeApprovalService APPROVALS = new FakeApprovalService();

    @DynamicPropertySource
    static void approvalProperties(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.proxy.approval.url", APPROVALS::url);
        // decisions reach the held statement by the proxy's re-read of approval-service
        registry.add("gatehouse.proxy.approval.recheck-interval", () -> "300ms");
    }

    @AfterAll
    static void stopApprovals() {
        APPROVALS.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CONSUMED, already-used", "REJECTED, was rejected", "EXPIRED, was expired"})
    void aHeldStatementWhoseApprovalCannotRunIsRefusedAndNeverRuns(ApprovalStatus status, String why)
            throws Exception {
        String table = "approval_rule_" + status.name().toLowerCase(Locale.ROOT);
        try (Connection direct = direct()) {
            direct.createStatement().execute("CREATE TABLE IF NOT EXISTS " + table + " (id int)");
            direct.createStatement().execute("DELETE FROM " + table);
        }
        String insert = "INSERT INTO " + table + " VALUES (1)";
        POLICY.decide(request -> request.contains(table)
                ? "{\"verdict\":\"REVIEW\",\"ruleId\":\"needs-review\",\"target\":{\"name\":\"" + CONNECTION
                + "\",\"protocol\":\"POSTGRES\",\"upstream\":\"" + upstream() + "\"},"
                + "\"review\":{\"reviewers\":\"gatehouse-reviewer\",\"approvals\":1,\"expiry\":\"PT10M\"}}"
                : defaultDecision(request));

        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            CompletableFuture<SQLException> refused = CompletableFuture.supplyAsync(() -> {
                try {
                    statement.execute(insert);
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            UUID id = awaitHeld(table);
            // CONSUMED: approved, then used by another run before this one was released.
            APPROVALS.decide(id, status, "bob", "not now");

            SQLException e = refused.get();
            assertThat((Object) e).as("the statement is refused").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("42501");
            assertThat(e.getMessage()).contains(why).contains("needs-review");
            assertThat(APPROVALS.approval(id).status()).isEqualTo(status);
        }
        try (Connection direct = direct(); ResultSet rows = direct.createStatement()
                .executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            assertThat(rows.getInt(1)).as("the statement never ran").isZero();
        }
    }

    private static UUID awaitHeld(String table) {
        await().atMost(Duration.ofSeconds(15)).until(() -> held(table) != null);
        return held(table).id();
    }

    private static Approval held(String table) {
        return APPROVALS.approvals().stream().filter(a -> a.command().contains(table)).findFirst().orElse(null);
    }
}
