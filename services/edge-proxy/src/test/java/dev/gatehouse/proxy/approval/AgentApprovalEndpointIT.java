package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.ApprovalStatus;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AgentApprovalEndpointIT extends ApprovalIntegrationTest {

    @Test
    void theRequesterSeesItsApprovalWithTheReviewersVerdictAndComment() {
        UUID id = pending("appr-view", agentToken());
        APPROVALS.decide(id, ApprovalStatus.REJECTED, "bob", "use the staging copy");

        HttpResponse<String> response = get("/approvals/" + id, agentToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"id\":\"" + id + "\"").contains("\"status\":\"REJECTED\"")
                .contains("\"ruleId\":\"rule-review-writes\"").contains("\"expiresAt\"")
                .contains("\"reviewer\":\"bob\"").contains("\"decision\":\"REJECTED\"")
                .contains("\"comment\":\"use the staging copy\"")
                .doesNotContain("fingerprint").doesNotContain("acme/app");
    }

    @Test
    void anotherCallersApprovalIsNotFoundLikeAnUnknownOne() {
        UUID id = pending("appr-private", agentToken());

        HttpResponse<String> someoneElse = get("/approvals/" + id, otherAgentToken());
        HttpResponse<String> unknown = get("/approvals/" + UUID.randomUUID(), agentToken());

        for (HttpResponse<String> response : java.util.List.of(someoneElse, unknown)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/not-found\"")
                    .doesNotContain("PENDING");
        }
        assertThat(get("/approvals/" + id, null).statusCode()).isEqualTo(401);
        assertThat(get("/approvals/not-a-uuid", agentToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void waitHoldsTheAnswerUntilTheDecision() {
        String token = agentToken();
        UUID id = pending("appr-poll", token);

        CompletableFuture<HttpResponse<String>> polled = CompletableFuture.supplyAsync(() ->
                get("/approvals/" + id + "?wait=15s", token));
        await().atMost(Duration.ofSeconds(10)).until(() -> APPROVALS.called("GET", "/api/v1/approvals/" + id + "/wait"));
        APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "ok");

        HttpResponse<String> response = polled.join();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"APPROVED\"");
    }

    @Test
    void aCallerThatGoesAwayWhileHeldCancelsItsApproval() throws Exception {
        byte[] body = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /proxy/appr-gone/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + agentToken()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            awaitHeld("appr-gone");
        }
        UUID id = APPROVALS.forConnection("appr-gone").id();

        await().atMost(Duration.ofSeconds(15)).until(() -> APPROVALS.approval(id).status() == ApprovalStatus.CANCELLED);
        assertThat(APPROVALS.called("POST", "/api/v1/approvals/" + id + "/cancel")).isTrue();
    }

    private UUID pending(String connection, String token) {
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/proxy/" + connection + "/x"))
                .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofString("{}")), token);
        assertThat(accepted.statusCode()).isEqualTo(202);
        return UUID.fromString(accepted.headers().firstValue("Gatehouse-Approval").orElseThrow());
    }
}
