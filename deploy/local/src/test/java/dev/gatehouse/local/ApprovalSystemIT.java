package dev.gatehouse.local;

import dev.gatehouse.testkit.OidcIssuer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Just-in-time approval through the real services (issue 6): the proxy holds a write the demo policy
 * sends to review, approval-service records it, a reviewer decides over REST, the decision travels
 * over Kafka, and the held request runs (or does not). Every refusal the issue names is tried here
 * against the real workflow: self-approval, a token without the reviewer group, an approval re-used
 * for another command or twice, and a held request on a second proxy replica.
 */
class ApprovalSystemIT extends DemoSuiteTest {

    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";
    private static final Map<String, String> CI_CLAIMS = Map.of("repository", "acme/app", "ref", "refs/heads/main",
            "workflow", "deploy", "run_id", "4242");

    @Test
    void heldWriteRunsOnceAReviewerApprovesAndTheTrailShowsEveryStepInOrder() throws Exception {
        String path = "/orders/approved-" + Long.toString(System.nanoTime(), 36);
        CompletableFuture<HttpResponse<String>> held = post(suite.url("edge-proxy"), path, agent(), Map.of());
        JsonNode pending = awaitPending(path);
        assertThat(held).as("held while pending").isNotDone();
        assertThat(targetSaw(path)).isFalse();

        HttpResponse<String> approved = decide(pending.path("id").asString(), "approve", reviewer("carol"), "looks fine");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        HttpResponse<String> response = held.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Gatehouse-Approval")).hasValue(pending.path("id").asString());
        assertThat(targetSaw(path)).isTrue();

        // The vault's CREDENTIAL_ISSUED joins the session when this request needed a fresh lease.
        List<JsonNode> steps = awaitSession(pending.path("sessionId").asString(), 4).stream()
                .filter(step -> !step.path("event").path("kind").asString().startsWith("CREDENTIAL_")).toList();
        assertThat(steps).extracting(step -> step.path("event").path("kind").asString())
                .containsExactly("REQUEST", "APPROVAL_REQUESTED", "APPROVAL_DECIDED", "RESPONSE");
        assertThat(steps.get(2).path("event").path("subject").asString()).as("the reviewer decided").isEqualTo("carol");
        assertThat(steps).extracting(step -> step.path("event").path("seq").asLong()).isSorted();
    }

    @Test
    void rejectionEndsTheHeldRequestWith403NamingTheReviewersComment() throws Exception {
        String path = "/orders/rejected-" + Long.toString(System.nanoTime(), 36);
        CompletableFuture<HttpResponse<String>> held = post(suite.url("edge-proxy"), path, agent(), Map.of());
        JsonNode pending = awaitPending(path);

        decide(pending.path("id").asString(), "reject", reviewer("carol"), "not during the freeze");

        HttpResponse<String> response = held.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://gatehouse.dev/problems/approval-rejected");
        assertThat(response.body()).contains("not during the freeze");
        assertThat(targetSaw(path)).isFalse();
    }

    @Test
    void anAsyncCallerComesBackWithTheApprovalWhichRunsExactlyThatCommandOnce() throws Exception {
        String path = "/orders/async-" + Long.toString(System.nanoTime(), 36);
        HttpResponse<String> accepted = post(suite.url("edge-proxy"), path, agent(), Map.of("Prefer", "respond-async"))
                .get(30, TimeUnit.SECONDS);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String approvalId = accepted.headers().firstValue("Gatehouse-Approval").orElseThrow();
        assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(url -> assertThat(url).endsWith(approvalId));
        decide(approvalId, "approve", reviewer("dave"), "ok once");

        Map<String, String> withApproval = Map.of("Gatehouse-Approval", approvalId);
        HttpResponse<String> otherCommand = post(suite.url("edge-proxy"), path + "-other", agent(), withApproval)
                .get(30, TimeUnit.SECONDS);
        assertThat(otherCommand.statusCode()).as("an approval covers only the reviewed command").isEqualTo(403);
        assertThat(targetSaw(path + "-other")).isFalse();

        HttpResponse<String> first = post(suite.url("edge-proxy"), path, agent(), withApproval).get(30, TimeUnit.SECONDS);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> again = post(suite.url("edge-proxy"), path, agent(), withApproval).get(30, TimeUnit.SECONDS);
        assertThat(again.statusCode()).as("a one-time approval runs once").isEqualTo(403);
        assertThat(echo.received().stream().filter(r -> r.path().equals(path)).count()).isEqualTo(1);
    }

    @Test
    void theRequesterCannotApproveItsOwnRequestNorCanSomeoneWithoutTheReviewerGroup() throws Exception {
        String path = "/orders/self-" + Long.toString(System.nanoTime(), 36);
        CompletableFuture<HttpResponse<String>> held = post(suite.url("edge-proxy"), path, agent(), Map.of());
        String id = awaitPending(path).path("id").asString();
        // A person's token carrying the same CI run as the requesting job: the job approving itself.
        String sameRun = oidc.token(OidcIssuer.INTERNAL, "mallory", OidcIssuer.INTERNAL_AUDIENCE,
                Map.of("groups", List.of("gatehouse-reviewer"), "repository", "acme/app", "run_id", "4242"),
                Duration.ofMinutes(5));

        HttpResponse<String> self = decide(id, "approve", sameRun, "me, myself");
        HttpResponse<String> noGroup = decide(id, "approve", oidc.internalToken("eve", "gatehouse-auditor"), "lgtm");

        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(self.body()).path("type").asString()).isEqualTo("https://gatehouse.dev/problems/self-approval");
        assertThat(noGroup.statusCode()).isEqualTo(403);
        assertThat(held).as("still held").isNotDone();
        decide(id, "reject", reviewer("carol"), "cleanup");
        assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
        assertThat(targetSaw(path)).isFalse();
    }

    @Test
    void aRequestHeldByAnotherProxyReplicaIsReleasedByTheDecisionOnKafka() throws Exception {
        String replica = suite.startProxyReplica("edge-proxy-2");
        String path = "/orders/replica-" + Long.toString(System.nanoTime(), 36);
        CompletableFuture<HttpResponse<String>> held = post(replica, path, agent(), Map.of());
        JsonNode pending = awaitPending(path);

        decide(pending.path("id").asString(), "approve", reviewer("carol"), "via the other replica");

        HttpResponse<String> response = held.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(targetSaw(path)).isTrue();
    }

    private static String agent() {
        return oidc.ciToken(SUBJECT, CI_CLAIMS);
    }

    private static String reviewer(String name) {
        return oidc.internalToken(name, "gatehouse-reviewer");
    }

    private static boolean targetSaw(String path) {
        return echo.received().stream().anyMatch(received -> received.path().equals(path));
    }

    private static CompletableFuture<HttpResponse<String>> post(String proxy, String path, String token,
                                                                Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy + "/proxy/demo-http" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"" + path + "\"}"))
                .timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The pending approval whose command names {@code path}, as a reviewer lists it. */
    private static JsonNode awaitPending(String path) {
        URI list = URI.create(suite.url("approval-service") + "/api/v1/approvals?status=PENDING&subject="
                + URLEncoder.encode(SUBJECT, StandardCharsets.UTF_8));
        String token = reviewer("lister");
        return await("a pending approval for " + path).atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(list)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            for (JsonNode approval : body.isArray() ? body : body.path("items")) {
                if (approval.path("command").asString().contains(path)) {
                    return approval;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private static HttpResponse<String> decide(String id, String action, String token, String comment) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("approval-service") + "/api/v1/approvals/" + id
                        + "/" + action))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("comment", comment))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> awaitSession(String sessionId, int events) {
        String auditor = oidc.internalToken("auditor", "gatehouse-auditor");
        URI session = URI.create(suite.url("audit-service") + "/api/v1/sessions/" + sessionId);
        return await("session " + sessionId + " with " + events + " events").atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(session)
                    .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> steps = new ArrayList<>();
            if (response.statusCode() == 200) {
                JSON.readTree(response.body()).path("steps").forEach(steps::add);
            }
            return steps;
        }, steps -> steps.stream().filter(step -> !step.path("event").path("kind").asString()
                .startsWith("CREDENTIAL_")).count() >= events);
    }
}
