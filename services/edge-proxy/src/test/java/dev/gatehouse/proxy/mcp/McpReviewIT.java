package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.approval.ApprovalIntegrationTest;
import dev.gatehouse.testkit.McpServerDouble;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool call under a {@code review} rule, with the MCP Java SDK's client as the agent, the fake
 * approval-service and the MCP server double: the call is held until a reviewer approves it and then runs
 * exactly once; the approval is bound to the server, the tool, the canonical arguments and the caller, so
 * it runs the same call sent again with another id and other spacing, but never other arguments, another
 * caller, or a second time. Each attack asserts the server never received the call.
 */
class McpReviewIT extends ApprovalIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final McpServerDouble SERVER = new McpServerDouble();
    private static final java.util.concurrent.ExecutorService AGENT = java.util.concurrent.Executors.newSingleThreadExecutor();

    @AfterAll
    static void closeServer() {
        SERVER.close();
        AGENT.shutdownNow();
    }

    @BeforeEach
    void toolCallsNeedAReview() {
        SERVER.reset();
        POLICY.respond(received -> {
            if (received.path().endsWith("/refused")) {
                return "{\"hash\":null}"; // the shared pins: no replica refused a definition
            }
            if (received.path().startsWith("/api/v1/connections/")) {
                return "{\"name\":\"mcp\",\"type\":\"MCP\",\"upstream\":\"" + SERVER.url() + "\"}";
            }
            String target = "\"target\":{\"name\":\"mcp\",\"protocol\":\"MCP\",\"upstream\":\"" + SERVER.url() + "\"}";
            JsonNode operation = JSON.readTree(received.body()).path("operation");
            if (!operation.path("attributes").path("mcp.method").asString("").equals("tools/call")) {
                return "{\"verdict\":\"ALLOW\",\"ruleId\":\"mcp-session\",\"audit\":\"WRITE_AHEAD\"," + target + "}";
            }
            return "{\"verdict\":\"REVIEW\",\"ruleId\":\"mcp-review-deploys\",\"audit\":\"WRITE_AHEAD\",\"policyVersion\":7,"
                    + target + ",\"review\":{\"reviewers\":\"gatehouse-reviewer\",\"approvals\":1,\"expiry\":\"PT10M\"}}";
        });
    }

    @Test
    void aHeldCallRunsOnceWhenApprovedAndItsApprovalCannotBeUsedAgain() throws Exception {
        McpSyncClient client = client("mcp-held");
        try {
            // a thread of its own: the SDK completes its answers on the common pool, which a 2-core machine
            // sizes to one thread, so a call blocking there would wait for itself
            CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> client.callTool(
                    new McpSchema.CallToolRequest("echo", Map.of("text", "deploy v42"))), AGENT);
            UUID approval = awaitHeld("mcp-held");
            assertThat(toolCalls()).as("held: the server has not seen the call").isEmpty();

            publish(APPROVALS.decide(approval, ApprovalStatus.APPROVED, "alice", "go"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !toolCalls().isEmpty());

            McpSchema.CallToolResult result = call.get(20, TimeUnit.SECONDS);
            assertThat(((McpSchema.TextContent) result.content().getFirst()).text()).isEqualTo("echo: deploy v42");
            assertThat(toolCalls()).as("the approved call ran exactly once").hasSize(1);
            JsonNode again = error(call("mcp-held", 77, "{\"text\":\"deploy v42\"}", approval, agentToken()));
            assertThat(again.path("code").asInt()).isEqualTo(-32600);
            assertThat(again.path("data").path("reason").asString()).isEqualTo("already-used");
            assertThat(toolCalls()).hasSize(1);
        } finally {
            client.close();
        }
    }

    @Test
    void anApprovalRunsTheSameCallSentAgainButNeverOtherArgumentsOrAnotherCaller() {
        HttpResponse<String> pending = send(request("mcp-async", 1, "{\"text\":\"deploy v42\",\"env\":\"prod\"}", null)
                .header("Prefer", "respond-async"), agentToken());
        JsonNode held = error(pending);
        assertThat(held.path("code").asInt()).isEqualTo(-32002);
        UUID approval = UUID.fromString(held.path("data").path("approvalId").asString());
        APPROVALS.decide(approval, ApprovalStatus.APPROVED, "alice", "go");

        JsonNode otherArguments = error(call("mcp-async", 2, "{\"text\":\"deploy v43\",\"env\":\"prod\"}", approval,
                agentToken()));
        JsonNode extraArgument = error(call("mcp-async", 3,
                "{\"text\":\"deploy v42\",\"env\":\"prod\",\"force\":true}", approval, agentToken()));
        JsonNode otherCaller = error(call("mcp-async", 4, "{\"text\":\"deploy v42\",\"env\":\"prod\"}", approval,
                otherAgentToken()));
        JsonNode otherServer = error(call("mcp-elsewhere", 5, "{\"text\":\"deploy v42\",\"env\":\"prod\"}", approval,
                agentToken()));
        for (JsonNode refused : List.of(otherArguments, extraArgument, otherCaller, otherServer)) {
            assertThat(refused.path("code").asInt()).as(refused.toString()).isEqualTo(-32600);
        }
        assertThat(otherArguments.path("data").path("reason").asString()).isEqualTo("different-command");
        assertThat(toolCalls()).as("no refused call reached the server").isEmpty();

        // the same call, sent again as a new request: another id, members in another order, other spacing
        HttpResponse<String> same = call("mcp-async", "retry-1", "{ \"env\" : \"prod\", \"text\" : \"deploy v42\" }",
                approval, agentToken());
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.body()).contains("echo: deploy v42").doesNotContain("\"error\"");
        assertThat(toolCalls()).hasSize(1);
        JsonNode twice = error(call("mcp-async", 6, "{\"text\":\"deploy v42\",\"env\":\"prod\"}", approval, agentToken()));
        assertThat(twice.path("data").path("reason").asString()).isEqualTo("already-used");
        assertThat(toolCalls()).as("used once").hasSize(1);
    }

    private McpSyncClient client(String connection) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port).endpoint("/mcp/" + connection)
                .clientBuilder(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1))
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + agentToken()))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    private HttpResponse<String> call(String connection, Object id, String arguments, UUID approval, String token) {
        return send(request(connection, id, arguments, approval), token);
    }

    private HttpRequest.Builder request(String connection, Object id, String arguments, UUID approval) {
        String jsonId = id instanceof String text ? "\"" + text + "\"" : id.toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp/" + connection))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + jsonId
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":" + arguments + "}}"));
        return approval == null ? request : request.header("Gatehouse-Approval", approval.toString());
    }

    private static JsonNode error(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.isObject()).as(response.body()).isTrue();
        return error;
    }

    private static List<String> toolCalls() {
        return SERVER.received().stream().filter(body -> body.contains("tools/call")).toList();
    }
}
