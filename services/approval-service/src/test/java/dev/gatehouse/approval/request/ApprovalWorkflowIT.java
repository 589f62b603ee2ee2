package dev.gatehouse.approval.request;

import dev.gatehouse.approval.ApprovalServiceTestBase;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.model.ReviewSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Create, vote and cancel through the real API, with real tokens, against real PostgreSQL. */
class ApprovalWorkflowIT extends ApprovalServiceTestBase {

    private static final String OIDC_INTERNAL = dev.gatehouse.testkit.OidcIssuer.INTERNAL;
    @Test
    void createsAPendingRequestWithItsUrlAndDeadline() {
        ApprovalRequest request = request();
        Instant before = Instant.now();

        Response created = post("/api/v1/approvals", PROXY, JSON.writeValueAsString(request));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode approval = created.json();
        String id = approval.get("id").asString();
        assertThat(approval.get("status").asString()).isEqualTo("PENDING");
        assertThat(approval.get("url").asString()).isEqualTo("https://approvals.example.test/api/v1/approvals/" + id);
        assertThat(created.location()).isEqualTo(approval.get("url").asString());
        assertThat(approval.get("auditSeq").asLong()).isEqualTo(request.seq() + 1);
        assertThat(approval.get("fingerprint").asString()).isEqualTo(request.fingerprint());
        assertThat(approval.get("identity").get("claims").get("run_id").asString()).isEqualTo("4711");
        assertThat(approval.get("reviewers").asString()).isEqualTo("gatehouse-reviewer");
        assertThat(Duration.between(before, Instant.parse(approval.get("expiresAt").asString())))
                .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(11));
        assertThat(get("/api/v1/approvals/" + id, RITA).json().get("command").asString()).isEqualTo("DROP TABLE orders");
    }

    @Test
    void onlyTheProxyCreatesRequests() {
        String body = JSON.writeValueAsString(request());

        assertProblem(post("/api/v1/approvals", RITA, body), 403, ProblemTypes.FORBIDDEN);
        assertProblem(post("/api/v1/approvals", ADMIN, body), 403, ProblemTypes.FORBIDDEN);
        assertProblem(post("/api/v1/approvals", OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("groups", List.of("gatehouse-proxy"))), body), 401, ProblemTypes.UNAUTHORIZED);
    }

    @Test
    void rejectsSelfApprovalBySubject() {
        CallerIdentity rita = new CallerIdentity(OIDC.issuerUrl(OIDC_INTERNAL), "rita", Map.of());
        String id = create(request(rita, ReviewSettings.DEFAULT)).get("id").asString();

        assertProblem(approve(id, RITA, "mine"), 403, ProblemTypes.SELF_APPROVAL);
        assertThat(get("/api/v1/approvals/" + id, RITA).json().get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void rejectsSelfApprovalFromTheSameCiRun() {
        String id = create(request()).get("id").asString();
        String sameRun = OIDC.token(OIDC_INTERNAL, "build-bot", dev.gatehouse.testkit.OidcIssuer.INTERNAL_AUDIENCE,
                Map.of("groups", List.of("gatehouse-reviewer"), "repository", "acme/app", "run_id", "4711"),
                Duration.ofMinutes(5));
        String otherRun = OIDC.token(OIDC_INTERNAL, "build-bot", dev.gatehouse.testkit.OidcIssuer.INTERNAL_AUDIENCE,
                Map.of("groups", List.of("gatehouse-reviewer"), "repository", "acme/app", "run_id", "4712"),
                Duration.ofMinutes(5));

        assertProblem(approve(id, sameRun, null), 403, ProblemTypes.SELF_APPROVAL);
        assertProblem(reject(id, sameRun, "also not"), 403, ProblemTypes.SELF_APPROVAL);
        assertThat(approve(id, otherRun, null).status()).isEqualTo(200);
    }

    @Test
    void refusesDecisionsWithoutTheReviewerRole() {
        String id = create(request()).get("id").asString();

        assertProblem(approve(id, ADMIN, null), 403, ProblemTypes.FORBIDDEN);
        assertProblem(approve(id, PROXY, null), 403, ProblemTypes.FORBIDDEN);
        assertProblem(reject(id, OIDC.internalToken("audrey", "gatehouse-auditor"), "x"), 403, ProblemTypes.FORBIDDEN);
        assertProblem(approve(id, null, null), 401, ProblemTypes.UNAUTHORIZED);
        assertThat(get("/api/v1/approvals/" + id, RITA).json().get("votes").isEmpty()).isTrue();
    }

    @Test
    void refusesAnAgentTokenEvenWithReviewerGroups() {
        String id = create(request()).get("id").asString();
        String agent = OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("groups", List.of("gatehouse-reviewer", "gatehouse-proxy", "gatehouse-admin")));

        assertProblem(approve(id, agent, null), 401, ProblemTypes.UNAUTHORIZED);
        assertProblem(consume(id, "x", AGENT, agent), 401, ProblemTypes.UNAUTHORIZED);
    }

    @Test
    void requiresTheRequestsReviewerGroup() {
        String id = create(request(new ReviewSettings("dba", 1, Duration.ofMinutes(5)))).get("id").asString();
        String dba = OIDC.internalToken("dora", "gatehouse-reviewer", "dba");
        String dbaWithoutReviewerRole = OIDC.internalToken("dan", "dba");

        assertProblem(approve(id, RITA, null), 403, ProblemTypes.FORBIDDEN);
        assertProblem(approve(id, dbaWithoutReviewerRole, null), 403, ProblemTypes.FORBIDDEN);
        assertThat(approve(id, dba, null).json().get("status").asString()).isEqualTo("APPROVED");
    }

    @Test
    void refusesToApproveAnExpiredRequest() {
        ApprovalRequest request = request(review(1, Duration.ofSeconds(1), Duration.ZERO, List.of()));
        String id = create(request).get("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                get("/api/v1/approvals/" + id, RITA).json().get("status").asString().equals("EXPIRED"));

        Response late = approve(id, RITA, "too late");

        assertProblem(late, 409, ProblemTypes.CONFLICT);
        assertThat(late.json().get("approvalStatus").asString()).isEqualTo("EXPIRED");
        assertNotUsable(consume(id, request.fingerprint(), AGENT), "expired", "EXPIRED");
    }

    @Test
    void treatsAnOverdueRequestAsExpiredBeforeTheSweeperRuns() throws Exception {
        String id = create(request()).get("id").asString();
        // Freeze the row as the sweeper would find it: still PENDING, but past its deadline.
        sql("UPDATE approval_requests SET expires_at = now() - interval '1 second', status = 'PENDING' WHERE id = '"
                + id + "'");

        Response late = approve(id, RITA, null);

        assertProblem(late, 409, ProblemTypes.CONFLICT);
        assertThat(late.json().get("approvalStatus").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void needsTwoDistinctReviewersWhenThePolicySaysTwo() {
        String id = create(request(review(2, Duration.ofMinutes(5), Duration.ZERO, List.of()))).get("id").asString();

        Response one = approve(id, RITA, "ok by me");
        Response again = approve(id, RITA, "really ok");
        Response two = approve(id, RAY, "ok too");
        Response third = approve(id, OIDC.internalToken("rhea", "gatehouse-reviewer"), "late");

        assertThat(one.json().get("status").asString()).isEqualTo("PENDING");
        assertThat(one.json().get("votes")).hasSize(1);
        assertProblem(again, 409, ProblemTypes.CONFLICT);
        assertThat(two.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(two.json().get("votes")).hasSize(2);
        assertThat(two.json().hasNonNull("decidedAt")).isTrue();
        assertProblem(third, 409, ProblemTypes.CONFLICT);
    }

    @Test
    void concurrentVotesOfTwoReviewersBothCount() {
        for (int round = 0; round < 3; round++) {
            String id = create(request(review(2, Duration.ofMinutes(5), Duration.ZERO, List.of()))).get("id").asString();

            List<Integer> statuses = java.util.stream.Stream.of(RITA, RAY)
                    .map(token -> java.util.concurrent.CompletableFuture.supplyAsync(() -> approve(id, token, null)))
                    .toList().stream().map(java.util.concurrent.CompletableFuture::join).map(Response::status).toList();

            assertThat(statuses).containsExactly(200, 200);
            JsonNode approval = get("/api/v1/approvals/" + id, RITA).json();
            assertThat(approval.get("status").asString()).isEqualTo("APPROVED");
            assertThat(approval.get("votes")).hasSize(2);
        }
    }

    @Test
    void oneRejectionRejectsAndItsCommentReachesTheCaller() {
        ApprovalRequest request = request(review(2, Duration.ofMinutes(5), Duration.ZERO, List.of()));
        String id = create(request).get("id").asString();
        approve(id, RITA, null);

        Response rejected = reject(id, RAY, "not on a Friday");
        Response refused = consume(id, request.fingerprint(), AGENT);

        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
        assertNotUsable(refused, "rejected", "REJECTED");
        assertThat(refused.json().get("comment").asString()).isEqualTo("not on a Friday");
        assertProblem(approve(id, OIDC.internalToken("rhea", "gatehouse-reviewer"), null), 409, ProblemTypes.CONFLICT);
    }

    @Test
    void theProxyOrAnAdminCancelsAPendingRequest() {
        String byProxy = create(request()).get("id").asString();
        String byAdmin = create(request()).get("id").asString();

        assertProblem(post("/api/v1/approvals/" + byProxy + "/cancel", RITA, null), 403, ProblemTypes.FORBIDDEN);
        Response cancelled = post("/api/v1/approvals/" + byProxy + "/cancel", PROXY, null);
        Response adminCancelled = post("/api/v1/approvals/" + byAdmin + "/cancel", ADMIN, null);

        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(adminCancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertProblem(post("/api/v1/approvals/" + byProxy + "/cancel", PROXY, null), 409, ProblemTypes.CONFLICT);
        assertProblem(approve(byProxy, RITA, null), 409, ProblemTypes.CONFLICT);
    }

    @Test
    void answersNotFoundForAnUnknownRequest() {
        String unknown = java.util.UUID.randomUUID().toString();

        assertProblem(get("/api/v1/approvals/" + unknown, RITA), 404, ProblemTypes.NOT_FOUND);
        assertProblem(approve(unknown, RITA, null), 404, ProblemTypes.NOT_FOUND);
        assertProblem(consume(unknown, "x", AGENT), 404, ProblemTypes.NOT_FOUND);
    }


    private Response consume(String id, String fingerprint, CallerIdentity identity, String token) {
        return post("/api/v1/approvals/" + id + "/consume", token,
                JSON.writeValueAsString(Map.of("fingerprint", fingerprint, "identity", identity)));
    }

    private static void assertNotUsable(Response response, String reason, String status) {
        assertProblem(response, 409, ProblemTypes.APPROVAL_NOT_USABLE);
        assertThat(response.json().get("reason").asString()).isEqualTo(reason);
        assertThat(response.json().get("approvalStatus").asString()).isEqualTo(status);
    }
}
