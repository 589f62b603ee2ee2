package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.ApprovalStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gate's one approval rule on HTTP, through the real route (its PostgreSQL twin is
 * {@code PgApprovalRuleIT}): a held request whose approval is then consumed elsewhere, rejected or
 * expired is refused and never reaches the target; a caller that hangs up while its approval is being
 * created leaves no approval behind for a reviewer.
 */
class ApprovalRuleIT extends ApprovalIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "CONSUMED, approval-not-usable, already-used",
            "REJECTED, approval-rejected, REJECTED",
            "EXPIRED, approval-rejected, EXPIRED"})
    void aHeldRequestWhoseApprovalCannotRunIsRefusedAndNeverReachesTheTarget(ApprovalStatus status, String type,
                                                                           String why) {
        String connection = "rule-" + status.name().toLowerCase(Locale.ROOT);
        int before = TARGET.count();

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() ->
                send(post("/proxy/" + connection + "/tables/users", "DROP"), agentToken()));
        UUID id = awaitHeld(connection);
        // CONSUMED: approved, then used by another request before this one was released.
        publish(APPROVALS.decide(id, status, "bob", "not now"));
        HttpResponse<String> response = held.join();

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/" + type + "\"")
                .contains("\"approvalId\":\"" + id + "\"").contains(why);
        assertThat(TARGET.count()).as("nothing reached the target").isEqualTo(before);
        assertThat(APPROVALS.approval(id).status()).isEqualTo(status);
    }

    @Test
    void theVaultIsToldWhereInTheSessionItsCredentialIsIssued() {
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() ->
                send(post("/proxy/rule-lease/jobs", "{\"run\":2}"), agentToken()));
        UUID id = awaitHeld("rule-lease");
        publish(APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "go"));
        assertThat(held.join().statusCode()).isEqualTo(200);

        String sessionId = APPROVALS.approval(id).sessionId();
        String leaseRequest = VAULT.received().stream()
                .filter(r -> r.path().equals("/api/v1/leases") && r.body().contains(sessionId))
                .findFirst().orElseThrow().body();
        // REQUEST 1, APPROVAL_REQUESTED 2, APPROVAL_DECIDED 3: the lease comes after them, with the RESPONSE
        long decided = APPROVALS.approval(id).auditSeq();
        assertThat(leaseRequest).contains("\"seq\":" + (decided + 1));
    }

    @Test
    void aCallerThatHangsUpWhileItsApprovalIsCreatedCancelsIt() throws Exception {
        // shorter than the proxy's response timeout for approval-service (2s): the creation succeeds, late
        APPROVALS.createDelay(Duration.ofSeconds(1));
        try {
            String body = "{\"drop\":true}";
            long before = creations();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /proxy/rule-hangup/tables HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + agentToken() + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await().atMost(Duration.ofSeconds(15)).until(() -> creations() > before);
            } // the caller hangs up while approval-service is still creating the approval

            await().atMost(Duration.ofSeconds(15)).until(() -> APPROVALS.forConnection("rule-hangup") != null);
            UUID id = APPROVALS.forConnection("rule-hangup").id();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(APPROVALS.approval(id).status())
                    .as("no reviewer is asked about a request nobody waits for").isEqualTo(ApprovalStatus.CANCELLED));
        } finally {
            APPROVALS.createDelay(null);
        }
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static long creations() {
        return APPROVALS.calls().stream()
                .filter(call -> call.method().equals("POST") && call.path().equals("/api/v1/approvals")).count();
    }
}
