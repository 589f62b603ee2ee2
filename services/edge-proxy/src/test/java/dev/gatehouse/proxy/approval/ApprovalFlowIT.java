package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.support.StubHttpServer;
import dev.gatehouse.testkit.AuditTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalFlowIT extends ApprovalIntegrationTest {

    private static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @Test
    void heldRequestIsReleasedByTheKafkaDecisionAndReachesTheTargetWithTheVaultCredential() {
        String token = agentToken();
        int before = TARGET.count();

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() ->
                send(post("/proxy/appr-held/items/9?force=1", "{\"drop\":true}"), token));
        UUID id = awaitHeld("appr-held");
        assertThat(TARGET.count()).as("nothing reaches the target while held").isEqualTo(before);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                get("/actuator/prometheus", null).body().lines()
                        .anyMatch(line -> line.equals("gatehouse_approvals_held 1.0")));
        publish(APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "fine, once"));
        HttpResponse<String> response = held.join();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"echo\":true}");
        assertThat(response.headers().firstValue("Gatehouse-Approval")).hasValue(id.toString());
        StubHttpServer.Received forwarded = TARGET.last();
        assertThat(forwarded.method()).isEqualTo("POST");
        assertThat(forwarded.path()).isEqualTo("/base/items/9");
        assertThat(forwarded.query()).isEqualTo("force=1");
        assertThat(forwarded.body()).isEqualTo("{\"drop\":true}");
        assertThat(forwarded.header("Authorization")).isEqualTo("Bearer " + VAULT_SECRET);
        assertThat(forwarded.header("Gatehouse-Approval")).isNull();

        ApprovalRequest created = APPROVALS.request(id);
        assertThat(created.seq()).isEqualTo(1);
        assertThat(created.ruleId()).isEqualTo("rule-review-writes");
        assertThat(created.policyVersion()).isEqualTo(7);
        assertThat(created.identity().subject()).isEqualTo("repo:acme/app:ref:refs/heads/main");
        assertThat(created.command()).startsWith("POST /items/9?force=1").contains("\"drop\"");
        assertThat(created.fingerprint()).isEqualTo(ApprovalFingerprint.http("appr-held", "POST", "/items/9",
                "force=1", new java.util.TreeMap<>(java.util.Map.of("content-type", "application/json")),
                "{\"drop\":true}".getBytes(StandardCharsets.UTF_8)));
        assertThat(APPROVALS.calls().getFirst().authorization()).as("the proxy's service token, not the agent's")
                .startsWith("Bearer ").doesNotContain(token);

        Approval consumed = APPROVALS.approval(id);
        assertThat(consumed.status()).isEqualTo(ApprovalStatus.CONSUMED);
        JsonNode requestEvent = AuditTopic.json(audit.await(e -> e.path("sessionId").asString()
                .equals(consumed.sessionId()) && e.path("kind").asString().equals("REQUEST")));
        assertThat(requestEvent.path("seq").asLong()).isEqualTo(1);
        assertThat(requestEvent.path("verdict").asString()).isEqualTo("REVIEW");
        assertThat(response.headers().firstValue("Gatehouse-Audit-Id")).hasValue(requestEvent.path("id").asString());
        JsonNode responseEvent = AuditTopic.json(audit.await(e -> e.path("sessionId").asString()
                .equals(consumed.sessionId()) && e.path("kind").asString().equals("RESPONSE")));
        assertThat(responseEvent.path("seq").asLong()).isEqualTo(consumed.auditSeq() + 1);
        assertThat(responseEvent.path("approvalId").asString()).isEqualTo(id.toString());
        assertThat(responseEvent.path("status").asInt()).isEqualTo(200);
    }

    @Test
    void rejectedRequestIsRefusedWithTheReviewersCommentAndNeverReachesTheTarget() {
        int before = TARGET.count();

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() ->
                send(post("/proxy/appr-reject/tables/users", "DROP"), agentToken()));
        UUID id = awaitHeld("appr-reject");
        publish(APPROVALS.decide(id, ApprovalStatus.REJECTED, "bob", "not on a Friday"));
        HttpResponse<String> response = held.join();

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/approval-rejected\"")
                .contains("\"comment\":\"not on a Friday\"").contains("\"approvalId\":\"" + id + "\"")
                .contains("\"ruleId\":\"rule-review-writes\"");
        assertThat(response.headers().firstValue("Gatehouse-Approval")).hasValue(id.toString());
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void respondAsyncAnswers202WithWhereToLookAndTheRetryWithTheApprovalIsForwarded() {
        String token = agentToken();
        int before = TARGET.count();

        HttpResponse<String> accepted = send(post("/proxy/appr-async/jobs", "{\"run\":1}")
                .header("Prefer", "respond-async"), token);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"type\":\"https://gatehouse.dev/problems/approval-pending\"")
                .contains("\"ruleId\":\"rule-review-writes\"");
        UUID id = UUID.fromString(accepted.headers().firstValue("Gatehouse-Approval").orElseThrow());
        assertThat(accepted.headers().firstValue("Location")).hasValue(PUBLIC_URL + "/approvals/" + id);
        assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("respond-async");
        assertThat(accepted.body()).contains("\"approvalId\":\"" + id + "\"")
                .contains("\"approvalUrl\":\"" + APPROVALS.approval(id).url() + "\"")
                .contains("\"auditId\":\"" + accepted.headers().firstValue("Gatehouse-Audit-Id").orElseThrow() + "\"");
        assertThat(TARGET.count()).isEqualTo(before);

        HttpResponse<String> early = send(post("/proxy/appr-async/jobs", "{\"run\":1}")
                .header("Gatehouse-Approval", id.toString()), token);
        assertThat(early.statusCode()).as("not approved yet").isEqualTo(403);
        assertThat(early.body()).contains("approval-not-usable").contains("\"reason\":\"not-approved\"");

        APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "go");
        HttpResponse<String> retried = send(post("/proxy/appr-async/jobs", "{\"run\":1}")
                .header("Gatehouse-Approval", id.toString()), token);

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue("Gatehouse-Approval")).hasValue(id.toString());
        assertThat(TARGET.count()).isEqualTo(before + 1);
        assertThat(TARGET.last().body()).isEqualTo("{\"run\":1}");
        assertThat(TARGET.last().header("Authorization")).isEqualTo("Bearer " + VAULT_SECRET);
        Approval consumed = APPROVALS.approval(id);
        String auditId = retried.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        JsonNode requestEvent = AuditTopic.json(audit.await(e -> e.path("id").asString().equals(auditId)));
        assertThat(requestEvent.path("sessionId").asString()).isEqualTo(consumed.sessionId());
        assertThat(requestEvent.path("seq").asLong()).isEqualTo(consumed.auditSeq() + 1);
        assertThat(requestEvent.path("approvalId").asString()).isEqualTo(id.toString());

        HttpResponse<String> again = send(post("/proxy/appr-async/jobs", "{\"run\":1}")
                .header("Gatehouse-Approval", id.toString()), token);
        assertThat(again.statusCode()).as("a one-time approval runs once").isEqualTo(403);
        assertThat(again.body()).contains("\"reason\":\"already-used\"");
        assertThat(TARGET.count()).isEqualTo(before + 1);
    }

    @Test
    void anApprovalDoesNotRunADifferentCommandOrForADifferentCaller() {
        String token = agentToken();
        HttpResponse<String> accepted = send(post("/proxy/appr-bound/rows?id=5", "DELETE")
                .header("Prefer", "respond-async"), token);
        UUID id = UUID.fromString(accepted.headers().firstValue("Gatehouse-Approval").orElseThrow());
        APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "only row 5");
        int before = TARGET.count();

        HttpResponse<String> otherQuery = send(post("/proxy/appr-bound/rows?id=6", "DELETE")
                .header("Gatehouse-Approval", id.toString()), token);
        HttpResponse<String> otherBody = send(post("/proxy/appr-bound/rows?id=5", "DELETE ALL")
                .header("Gatehouse-Approval", id.toString()), token);
        HttpResponse<String> otherCaller = send(post("/proxy/appr-bound/rows?id=5", "DELETE")
                .header("Gatehouse-Approval", id.toString()), otherAgentToken());

        for (HttpResponse<String> refused : new HttpResponse[] {otherQuery, otherBody}) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("\"type\":\"https://gatehouse.dev/problems/approval-not-usable\"")
                    .contains("\"reason\":\"different-command\"");
        }
        assertThat(otherCaller.statusCode()).isEqualTo(403);
        assertThat(otherCaller.body()).contains("\"reason\":\"different-caller\"");
        assertThat(TARGET.count()).isEqualTo(before);
        assertThat(APPROVALS.approval(id).status()).as("still usable by its requester").isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void approvalServiceDownIs503AndTheTargetIsNotCalled() {
        APPROVALS.down(true);
        int before = TARGET.count();

        HttpResponse<String> held = send(post("/proxy/appr-down/x", "{}"), agentToken());
        HttpResponse<String> retried = send(post("/proxy/appr-down/x", "{}")
                .header("Gatehouse-Approval", UUID.randomUUID().toString()), agentToken());

        for (HttpResponse<String> response : new HttpResponse[] {held, retried}) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/unavailable\"");
        }
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void malformedApprovalHeaderIs400AndOversizeBodyIs413() {
        int before = TARGET.count();

        HttpResponse<String> malformed = send(post("/proxy/appr-bad/x", "{}")
                .header("Gatehouse-Approval", "not-a-uuid"), agentToken());
        HttpResponse<String> oversize = send(post("/proxy/appr-bad/x", "a".repeat(MAX_BODY + 1)), agentToken());

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("invalid-request");
        assertThat(oversize.statusCode()).isEqualTo(413);
        assertThat(APPROVALS.forConnection("appr-bad")).as("nothing to review was created").isNull();
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void aRequestHeldUntilItsApprovalExpiresGets202AndTheApprovalToComeBackWith() {
        APPROVALS.expireAfter(java.time.Duration.ofSeconds(1));

        HttpResponse<String> response = send(post("/proxy/appr-expiring/x", "{}"), agentToken());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Preference-Applied")).isEmpty();
        UUID id = APPROVALS.forConnection("appr-expiring").id();
        assertThat(response.headers().firstValue("Gatehouse-Approval")).hasValue(id.toString());
        assertThat(response.headers().firstValue("Location")).hasValue(PUBLIC_URL + "/approvals/" + id);
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
