package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stdio MCP server the proxy launches ({@code stdio:} upstream): a real server built with the MCP Java
 * SDK ({@link StdioToolServer}) run as a java process from the connection's configuration, one process per
 * MCP session, reached by the SDK's Streamable HTTP client through the proxy. The process gets the vault's
 * secret and the configured environment and nothing of the proxy's; a session belongs to its caller; a
 * DELETE by its caller and idleness end it and kill its process.
 */
class McpStdioIT extends ProxyIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JAVA = ProcessHandle.current().info().command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    private static final List<String> SESSION = List.of("initialize", "ping", "tools/list", "notifications/initialized");

    @DynamicPropertySource
    static void quickReaper(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.proxy.mcp.stdio.idle-timeout", () -> "10s"); // a loaded machine starts two JVMs slowly
        registry.add("gatehouse.proxy.mcp.stdio.reap-interval", () -> "500ms");
        registry.add("gatehouse.proxy.mcp.stdio.max-sessions-per-caller", () -> "3");
    }

    @BeforeEach
    void policyAllowsTheStdioServer() {
        ObjectNode settings = JSON.createObjectNode()
                .put("args", JSON.writeValueAsString(List.of("-cp", System.getProperty("java.class.path"),
                        StdioToolServer.class.getName())))
                .put("env", "{\"MODE\":\"test\"}").put("credentialEnv", "SERVER_TOKEN");
        String connection = JSON.writeValueAsString(JSON.createObjectNode().put("name", "stdio-tools")
                .put("type", "MCP").put("upstream", "stdio:" + JAVA).set("settings", settings));
        POLICY.respond(received -> {
            if (received.path().endsWith("/refused")) {
                return "{\"hash\":null}"; // the shared pins: no replica refused a definition
            }
            if (received.path().startsWith("/api/v1/connections/")) {
                return connection;
            }
            if (received.path().equals("/api/v1/tool-pins/checks")) {
                return "{\"accepted\":true,\"pinned\":\"" + JSON.readTree(received.body()).path("hash").asString() + "\"}";
            }
            JsonNode attributes = JSON.readTree(received.body()).path("operation").path("attributes");
            if (SESSION.contains(attributes.path("mcp.method").asString(""))
                    || List.of("echo", "whoami", "read_config").contains(attributes.path("mcp.tool").asString(""))) {
                return "{\"verdict\":\"ALLOW\",\"ruleId\":\"stdio-tools\",\"audit\":\"WRITE_AHEAD\",\"target\":"
                        + "{\"name\":\"stdio-tools\",\"protocol\":\"MCP\",\"upstream\":\"stdio:" + JAVA + "\"},"
                        + "\"masking\":{\"detectors\":[\"secrets\"],\"style\":\"REDACT\"}}";
            }
            return "{\"verdict\":\"DENY\",\"ruleId\":\"deny-other-tools\",\"reason\":\"no\"}";
        });
    }

    @Test
    void theSdkClientCallsToolsOfAServerTheProxyLaunchedWithOnlyItsConfiguredEnvironment() {
        McpSyncClient mcp = client(agentToken());
        try {
            assertThat(mcp.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("echo", "whoami", "read_config");
            assertThat(text(mcp.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "hi"))))).isEqualTo("echo: hi");
            String whoami = text(mcp.callTool(new McpSchema.CallToolRequest("whoami", Map.of())));
            assertThat(whoami).as("the vault's secret as credentialEnv")
                    .contains("credential " + VAULT_SECRET.length() + " chars starting " + VAULT_SECRET.substring(0, 6))
                    .contains("mode test").as("nothing of the proxy's environment").contains("home null");
            assertThat(text(mcp.callTool(new McpSchema.CallToolRequest("read_config", Map.of()))))
                    .doesNotContain(StdioToolServer.CONFIG_SECRET).contains("region = eu-central-1");
        } finally {
            mcp.close();
        }
    }

    @Test
    void eachSessionIsItsOwnProcessBoundToItsCallerAndAnIdleOneIsKilled() {
        McpSyncClient first = client(agentToken());
        McpSyncClient second = client(agentToken());
        long one = pid(first);
        long two = pid(second);
        HttpResponse<String> opened = post(initialize(), null, agentToken());
        String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String other = OIDC.ciToken("repo:acme/other:ref:refs/heads/main", Map.of("repository", "acme/other"));

        HttpResponse<String> fourth = post(initialize(), null, agentToken());
        HttpResponse<String> stolen = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", session, other);
        HttpResponse<String> noSession = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", null, agentToken());

        HttpResponse<String> endedByOther = delete(session, other);
        long opener = pid(session);
        HttpResponse<String> ended = delete(session, agentToken());

        assertThat(one).isNotEqualTo(two);
        assertThat(fourth.statusCode()).as("one caller's sessions are capped: " + fourth.body()).isEqualTo(503);
        assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(404);
        assertThat(noSession.statusCode()).as(noSession.body()).isEqualTo(400);
        assertThat(endedByOther.statusCode()).as("another caller cannot end it").isEqualTo(405);
        assertThat(ended.statusCode()).isEqualTo(204);
        await("the ended session's process is killed").atMost(Duration.ofSeconds(10))
                .until(() -> !ProcessHandle.of(opener).map(ProcessHandle::isAlive).orElse(false));
        assertThat(post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}", session, agentToken()).statusCode())
                .isEqualTo(404);
        first.close();
        second.close();
        await("idle sessions' processes are killed").atMost(Duration.ofSeconds(40))
                .until(() -> !ProcessHandle.of(one).map(ProcessHandle::isAlive).orElse(false)
                        && !ProcessHandle.of(two).map(ProcessHandle::isAlive).orElse(false));
    }

    /** The process id of a session opened by hand, from its whoami tool (the answer is an event stream). */
    private long pid(String session) {
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session, agentToken());
        String answer = post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}",
                session, agentToken()).body();
        return Long.parseLong(answer.replaceAll("(?s).*pid=(\\d+).*", "$1"));
    }

    private HttpResponse<String> delete(String session, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp/stdio-tools"))
                .header("Mcp-Session-Id", session).DELETE(), token);
    }

    private long pid(McpSyncClient client) {
        String whoami = text(client.callTool(new McpSchema.CallToolRequest("whoami", Map.of())));
        return Long.parseLong(whoami.replaceAll("(?s)^pid=(\\d+).*", "$1"));
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";
    }

    private HttpResponse<String> post(String body, String session, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp/stdio-tools"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return send(request, token);
    }

    private McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port).endpoint("/mcp/stdio-tools")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
