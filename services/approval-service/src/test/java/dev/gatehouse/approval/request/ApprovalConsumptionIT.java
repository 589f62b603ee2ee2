package dev.gatehouse.approval.request;

import dev.gatehouse.approval.ApprovalServiceTestBase;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ProblemTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy redeems approvals: only the requester, only the approved command, only while usable. */
class ApprovalConsumptionIT extends ApprovalServiceTestBase {

    @Test
    void anApprovedRequestIsConsumedOnceByItsRequester() {
        ApprovalRequest request = request();
        String id = create(request).get("id").asString();

        Response approved = approve(id, RITA, "looks fine");
        Response first = consume(id, request.fingerprint(), AGENT);
        Response second = consume(id, request.fingerprint(), AGENT);

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(approved.json().get("votes").get(0).get("reviewerSubject").asString()).isEqualTo("rita");
        assertThat(approved.json().get("votes").get(0).get("comment").asString()).isEqualTo("looks fine");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("status").asString()).isEqualTo("CONSUMED");
        assertThat(first.json().hasNonNull("consumedAt")).isTrue();
        assertNotUsable(second, "already-used", "CONSUMED");
    }

    @Test
    void refusesToConsumeForAnotherCommand() {
        ApprovalRequest request = request();
        String id = create(request).get("id").asString();
        approve(id, RITA, null);

        assertNotUsable(consume(id, "sha256:another-command", AGENT), "different-command", "APPROVED");
        assertThat(consume(id, request.fingerprint(), AGENT).status()).isEqualTo(200);
    }

    @Test
    void refusesToConsumeForAnotherCaller() {
        ApprovalRequest request = request();
        String id = create(request).get("id").asString();
        approve(id, RITA, null);
        CallerIdentity sameRepoOtherBranch = new CallerIdentity(AGENT.issuer(), "repo:acme/app:ref:refs/heads/evil",
                AGENT.claims());
        CallerIdentity sameSubjectOtherIssuer = new CallerIdentity("https://gitlab.example", AGENT.subject(), Map.of());

        assertNotUsable(consume(id, request.fingerprint(), sameRepoOtherBranch), "different-caller", "APPROVED");
        assertNotUsable(consume(id, request.fingerprint(), sameSubjectOtherIssuer), "different-caller", "APPROVED");
    }

    @Test
    void refusesToConsumeAPendingRequest() {
        ApprovalRequest request = request();
        String id = create(request).get("id").asString();

        assertNotUsable(consume(id, request.fingerprint(), AGENT), "not-approved", "PENDING");
    }

    @Test
    void aWindowApprovalIsReusableForTheSameCommand() {
        ApprovalRequest request = request(review(1, Duration.ofMinutes(5), Duration.ofMinutes(30), List.of()));
        String id = create(request).get("id").asString();
        Response approved = approve(id, RITA, null);

        Response first = consume(id, request.fingerprint(), AGENT);
        Response second = consume(id, request.fingerprint(), AGENT);

        assertThat(approved.json().hasNonNull("windowUntil")).isTrue();
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(second.json().get("auditSeq").asLong()).as("each run gets sequence numbers of its own")
                .isEqualTo(first.json().get("auditSeq").asLong() + ApprovalRedemption.RUN_EVENTS);
        assertNotUsable(consume(id, "sha256:other", AGENT), "different-command", "APPROVED");
    }

    @Test
    void aWindowApprovalIsRefusedOnceItsWindowHasClosed() throws Exception {
        ApprovalRequest request = request(review(1, Duration.ofMinutes(5), Duration.ofMinutes(30), List.of()));
        String id = create(request).get("id").asString();
        approve(id, RITA, null);
        sql("UPDATE approval_requests SET window_until = now() - interval '1 second' WHERE id = '" + id + "'");

        assertNotUsable(consume(id, request.fingerprint(), AGENT), "expired", "APPROVED");
    }

    @Test
    void aOneTimeApprovalIsRefusedWhenNotUsedInTime() throws Exception {
        ApprovalRequest request = request();
        String id = create(request).get("id").asString();
        approve(id, RITA, null);
        sql("UPDATE approval_requests SET decided_at = now() - interval '11 minutes' WHERE id = '" + id + "'");

        assertNotUsable(consume(id, request.fingerprint(), AGENT), "expired", "APPROVED");
    }

    @Test
    void onlyOneOfTwoConcurrentConsumesOfAOneTimeApprovalWins() {
        for (int round = 0; round < 5; round++) {
            ApprovalRequest request = request();
            String id = create(request).get("id").asString();
            approve(id, RITA, null);
            String body = JSON.writeValueAsString(Map.of("fingerprint", request.fingerprint(), "identity", AGENT));

            List<Response> answers = java.util.stream.Stream.of(1, 2)
                    .map(i -> HTTP.sendAsync(builder("/api/v1/approvals/" + id + "/consume", PROXY)
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()))
                    .toList().stream().map(java.util.concurrent.CompletableFuture::join)
                    .map(r -> new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), null,
                            r.body()))
                    .toList();

            assertThat(answers).extracting(Response::status).containsExactlyInAnyOrder(200, 409);
            assertNotUsable(answers.stream().filter(r -> r.status() == 409).findFirst().orElseThrow(), "already-used",
                    "CONSUMED");
        }
    }

    @Test
    void consumingNeedsTheProxyRole() {
        ApprovalRequest request = request();
        String id = create(request).get("id").asString();
        approve(id, RITA, null);

        assertProblem(consume(id, request.fingerprint(), AGENT, RITA), 403, ProblemTypes.FORBIDDEN);
        assertProblem(consume(id, request.fingerprint(), AGENT, ADMIN), 403, ProblemTypes.FORBIDDEN);
        assertThat(consume(id, request.fingerprint(), AGENT).status()).isEqualTo(200);
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
