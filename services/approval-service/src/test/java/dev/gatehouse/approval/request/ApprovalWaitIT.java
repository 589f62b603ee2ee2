package dev.gatehouse.approval.request;

import dev.gatehouse.approval.ApprovalServiceTestBase;
import dev.gatehouse.model.ProblemTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The long-poll answers on a decision (here or on another replica) or with PENDING at its timeout. */
class ApprovalWaitIT extends ApprovalServiceTestBase {

    @Test
    void answersAsSoonAsTheRequestIsApproved() throws Exception {
        String id = create(request()).get("id").asString();
        CompletableFuture<Response> waiting = getAsync("/api/v1/approvals/" + id + "/wait?timeout=60s", PROXY);
        // the poll is parked on the server, not answered
        assertThat(waiting).isNotDone();

        approve(id, RITA, "go");

        Response answer = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("APPROVED");
    }

    @Test
    void answersPendingWhenTheTimeoutPasses() {
        String id = create(request()).get("id").asString();

        Response answer = get("/api/v1/approvals/" + id + "/wait?timeout=300ms", PROXY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void seesADecisionMadeByAnotherReplica() throws Exception {
        String id = create(request()).get("id").asString();
        CompletableFuture<Response> waiting = getAsync("/api/v1/approvals/" + id + "/wait?timeout=60s", RITA);

        // Another replica's decision reaches this one only through the shared database.
        sql("UPDATE approval_requests SET status = 'REJECTED', decided_at = now() WHERE id = '" + id + "'");

        Response answer = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answer.json().get("status").asString()).isEqualTo("REJECTED");
    }

    @Test
    void answersAtOnceForADecidedRequest() {
        String id = create(request()).get("id").asString();
        reject(id, RITA, "no");

        Response answer = get("/api/v1/approvals/" + id + "/wait?timeout=60s", PROXY);

        assertThat(answer.json().get("status").asString()).isEqualTo("REJECTED");
    }

    @Test
    void answersWhenTheRequestExpires() throws Exception {
        String id = create(request(review(1, Duration.ofSeconds(1), Duration.ZERO, java.util.List.of())))
                .get("id").asString();

        Response answer = getAsync("/api/v1/approvals/" + id + "/wait?timeout=60s", PROXY).get(30, TimeUnit.SECONDS);

        assertThat(answer.json().get("status").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void refusesABadTimeoutNamingIt() {
        String id = create(request()).get("id").asString();

        for (String timeout : new String[] {"soon", "-1s", "0s", "10h", "PTX"}) {
            Response answer = get("/api/v1/approvals/" + id + "/wait?timeout=" + timeout, PROXY);

            assertProblem(answer, 400, ProblemTypes.INVALID_REQUEST);
            assertThat(answer.json().get("detail").asString()).startsWith("timeout");
        }
    }

    @Test
    void waitingNeedsAReaderRole() {
        String id = create(request()).get("id").asString();

        assertProblem(get("/api/v1/approvals/" + id + "/wait?timeout=1s",
                OIDC.internalToken("audrey", "gatehouse-auditor")), 403, ProblemTypes.FORBIDDEN);
        assertProblem(get("/api/v1/approvals/" + id + "/wait?timeout=1s", null), 401, ProblemTypes.UNAUTHORIZED);
    }
}
