package dev.gatehouse.approval;

import dev.gatehouse.model.ProblemTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service boots, migrates, and guards its read API. */
class ApprovalServiceIT extends ApprovalServiceTestBase {

    @Test
    void reportsHealthUp() {
        Response health = get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void migratesTheWorkflowTables() throws SQLException {
        assertThat(columns("approval_requests")).contains("id", "connection", "requester_issuer", "requester_subject",
                "requester_claims", "session_id", "audit_seq", "protocol", "operation", "command", "fingerprint",
                "rule_id", "policy_version", "reviewers", "required_approvals", "window_ms", "channels", "status",
                "created_at", "expires_at", "decided_at", "window_until", "consumed_at");
        assertThat(columns("approval_decisions")).contains("approval_id", "reviewer_issuer", "reviewer_subject",
                "decision", "comment", "decided_at");
        assertThat(columns("approval_outbox")).contains("id", "topic", "record_key", "value", "sent_at");
    }

    @Test
    void listsApprovalsToReviewersAdminsAndTheProxy() {
        for (String token : List.of(RITA, ADMIN, PROXY)) {
            Response list = get("/api/v1/approvals", token);

            assertThat(list.status()).as(list.body()).isEqualTo(200);
            assertThat(list.json().isArray()).isTrue();
        }
    }

    @Test
    void filtersTheListByStatusConnectionAndSubject() throws SQLException {
        String pending = create(request()).get("id").asString();
        String rejected = create(request()).get("id").asString();
        assertThat(reject(rejected, RITA, "no").status()).isEqualTo(200);

        List<String> pendingIds = ids(get("/api/v1/approvals?status=PENDING&connection=orders-db&limit=500", RITA).json());
        List<String> rejectedIds = ids(get("/api/v1/approvals?status=REJECTED&order=newest", RITA).json());
        List<String> otherSubject = ids(get("/api/v1/approvals?status=PENDING&subject=someone-else", RITA).json());
        List<String> otherConnection = ids(get("/api/v1/approvals?status=PENDING&connection=billing", RITA).json());

        assertThat(pendingIds).contains(pending).doesNotContain(rejected);
        assertThat(rejectedIds).contains(rejected).doesNotContain(pending);
        assertThat(otherSubject).doesNotContain(pending);
        assertThat(otherConnection).doesNotContain(pending);
    }

    @Test
    void listsNewestFirstWhenAsked() {
        String first = create(request()).get("id").asString();
        String second = create(request()).get("id").asString();

        List<String> newest = ids(get("/api/v1/approvals?order=newest&limit=500", RITA).json());

        assertThat(newest.indexOf(second)).isLessThan(newest.indexOf(first));
    }

    @Test
    void allowsOneDecisionPerReviewer() throws SQLException {
        UUID approval = UUID.fromString(create(request()).get("id").asString());
        String decide = "INSERT INTO approval_decisions (approval_id, reviewer_issuer, reviewer_subject, decision) "
                + "VALUES ('" + approval + "', 'gatehouse', 'rita', 'APPROVED')";
        sql(decide);

        assertThatThrownBy(() -> sql(decide)).isInstanceOf(SQLException.class).hasMessageContaining("one_vote");
    }

    @Test
    void refusesCallersWithoutAReaderRole() {
        assertProblem(get("/api/v1/approvals", null), 401, ProblemTypes.UNAUTHORIZED);
        assertProblem(get("/api/v1/approvals", OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("groups", List.of("gatehouse-reviewer")))), 401, ProblemTypes.UNAUTHORIZED);
        assertProblem(get("/api/v1/approvals", OIDC.internalToken("audrey", "gatehouse-auditor")), 403,
                ProblemTypes.FORBIDDEN);
    }

    @Test
    void rejectsAnUnknownStatusNamingTheParameter() {
        Response response = get("/api/v1/approvals?status=MAYBE", RITA);

        assertProblem(response, 400, ProblemTypes.INVALID_REQUEST);
        assertThat(response.json().get("detail").asString()).contains("status");
    }

    @Test
    void boundsTheListSize() {
        Response response = get("/api/v1/approvals?limit=100000", RITA);

        assertProblem(response, 400, ProblemTypes.INVALID_REQUEST);
        assertThat(response.json().get("detail").asString()).contains("limit");
    }

    private static List<String> ids(JsonNode list) {
        return list.valueStream().map(r -> r.get("id").asString()).toList();
    }

    private List<String> columns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection db = jdbc(); var query = db.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?")) {
            query.setString(1, table);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }
}
