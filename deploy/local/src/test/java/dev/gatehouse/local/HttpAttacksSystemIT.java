package dev.gatehouse.local;

import dev.gatehouse.testkit.RequiredTool;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's HTTP attacks, as a CI job holding only its token (repository=acme/app) would send them with
 * curl or a raw socket, against the whole demo suite (demo policy: GET allowed, writes reviewed, DELETE
 * denied). Each fails if the attack works: the echo target saw the request, or the trail says otherwise.
 */
class HttpAttacksSystemIT extends DemoSuiteTest {

    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";

    @Test
    void aGetThatOverridesItsMethodToDeleteIsDecidedAndRecordedAsTheDeleteItIs() throws Exception {
        String path = "/items/override-" + Long.toString(System.nanoTime(), 36);

        Curl header = curl("-H", "X-HTTP-Method-Override: DELETE", proxy(path));
        Curl query = curl(proxy(path + "?_method=delete"));

        for (Curl refused : List.of(header, query)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("\"ruleId\":\"" + DemoSetup.DENY_RULE + "\"");
        }
        assertThat(targetSaw(path)).isFalse();
        JsonNode recorded = awaitEvent(header.header("gatehouse-audit-id"));
        assertThat(recorded.path("verdict").asString()).isEqualTo("DENY");
        assertThat(recorded.path("operation").path("method").asString()).isEqualTo("DELETE");
    }

    @Test
    void connectionNominationsDoNotStripTheVaultCredentialOrTheAuditId() {
        String path = "/items/hop-" + Long.toString(System.nanoTime(), 36);

        Curl response = curl("-H", "Connection: close, Authorization, Gatehouse-Audit-Id", proxy(path));

        assertThat(response.status()).isEqualTo(200);
        EchoTarget.Received seen = echo.received().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
        assertThat(seen.headers().get("authorization")).startsWith("Bearer ").doesNotContain(agent());
        assertThat(seen.headers().get("gatehouse-audit-id")).isEqualTo(response.header("gatehouse-audit-id"));
    }

    @Test
    void aGetWithABodyIsRefusedAndTheTrailRecordsWhy() throws Exception {
        String path = "/items/body-" + Long.toString(System.nanoTime(), 36);

        Curl response = curl("-X", "GET", "-H", "Content-Type: application/json", "--data", "{\"q\":1}", proxy(path));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/body-not-allowed\"");
        assertThat(targetSaw(path)).isFalse();
        JsonNode recorded = awaitEvent(response.header("gatehouse-audit-id"));
        assertThat(recorded.path("kind").asString()).isEqualTo("DECISION");
        assertThat(recorded.path("verdict").asString()).isEqualTo("DENY");
        assertThat(recorded.path("ruleId").asString()).isEqualTo("body-not-allowed");
    }

    @Test
    void aWebSocketUpgradeOnAnAllowedGetIsRefusedAndRecorded() throws Exception {
        String path = "/items/socket-" + Long.toString(System.nanoTime(), 36);

        String answer = raw("GET /proxy/demo-http" + path + " HTTP/1.1\r\nHost: demo\r\nAuthorization: Bearer " + agent()
                + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 403").contains("upgrade-not-allowed");
        assertThat(targetSaw(path)).isFalse();
        String auditId = answer.lines().filter(line -> line.toLowerCase().startsWith("gatehouse-audit-id:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        JsonNode recorded = awaitEvent(auditId);
        assertThat(recorded.path("verdict").asString()).isEqualTo("DENY");
        assertThat(recorded.path("ruleId").asString()).isEqualTo("upgrade-not-allowed");
    }

    @Test
    void aChunkedBodyThatBreaksMidwayNeverReachesTheTargetNorAReviewer() {
        String path = "/orders/chunks-" + Long.toString(System.nanoTime(), 36);

        String answer = raw("POST /proxy/demo-http" + path + " HTTP/1.1\r\nHost: demo\r\nAuthorization: Bearer " + agent()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\n{\"a\"\r\nZZ\r\n:1}\r\n0\r\n\r\n");
        String smuggle = raw("POST /proxy/demo-http" + path + " HTTP/1.1\r\nHost: demo\r\nAuthorization: Bearer " + agent()
                + "\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /proxy/demo-http" + path
                + " HTTP/1.1\r\nHost: demo\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("invalid-request");
        assertThat(smuggle).startsWith("HTTP/1.1 400").doesNotContain("HTTP/1.1 200");
        // Nothing may reach the target within the window a forwarded request would need.
        await("the target stays untouched").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> !targetSaw(path));
    }

    @Test
    void anApprovalGrantedForOneContentTypeIsRefusedForAnother() throws Exception {
        String path = "/orders/typed-" + Long.toString(System.nanoTime(), 36);
        Curl accepted = curl("-H", "Prefer: respond-async", "-H", "Content-Type: application/json",
                "--data", "{\"sku\":\"demo\"}", proxy(path));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.header("gatehouse-approval");
        approve(id);

        Curl otherType = curl("-H", "Gatehouse-Approval: " + id, "-H", "Content-Type: text/plain",
                "--data", "{\"sku\":\"demo\"}", proxy(path));

        assertThat(otherType.status()).isEqualTo(403);
        assertThat(otherType.body()).contains("approval-not-usable").contains("different-command");
        assertThat(targetSaw(path)).isFalse();
        Curl sameType = curl("-H", "Gatehouse-Approval: " + id, "-H", "Content-Type: application/json",
                "--data", "{\"sku\":\"demo\"}", proxy(path));
        assertThat(sameType.status()).as(sameType.body()).isEqualTo(200);
        assertThat(targetSaw(path)).isTrue();
    }

    private record Curl(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private static String agent() {
        return oidc.ciToken(SUBJECT, Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", "1414"));
    }

    private static String proxy(String path) {
        return suite.url("edge-proxy") + "/proxy/demo-http" + path;
    }

    private static boolean targetSaw(String path) {
        return echo.received().stream().anyMatch(received -> received.path().equals(path));
    }

    private static Curl curl(String... args) {
        List<String> command = new ArrayList<>(List.of(RequiredTool.curl().toString(), "-sS", "-i", "--http1.1", "--max-time", "30",
                "-H", "Authorization: Bearer " + agent()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(40, TimeUnit.SECONDS)).isTrue();
            String[] parts = output.split("\r\n\r\n", 2);
            String[] lines = parts[0].split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
            return new Curl(Integer.parseInt(lines[0].split(" ")[1]), headers, parts.length > 1 ? parts[1] : "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request} on a raw socket to the proxy; everything it answers until it closes or goes quiet. */
    private static String raw(String request) {
        URI proxy = URI.create(suite.url("edge-proxy"));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                // the proxy kept the connection open: what it answered is all there is
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void approve(String id) throws Exception {
        HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("approval-service")
                        + "/api/v1/approvals/" + id + "/approve"))
                .header("Authorization", "Bearer " + oidc.internalToken("carol", "gatehouse-reviewer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"this order, as JSON\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    }

    private static JsonNode awaitEvent(String id) {
        String auditor = oidc.internalToken("auditor", "gatehouse-auditor");
        HttpResponse<String> found = await("audit event " + id).atMost(Duration.ofSeconds(30)).until(() ->
                HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("audit-service") + "/api/v1/events/" + id))
                        .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString()),
                response -> response.statusCode() == 200);
        return JSON.readTree(found.body());
    }


    /**
     * issue 22 through the real policy-service and vault: a model call on demo-llm with the CI token as the
     * SDK's key leaves with its AWS key masked and the vault's key; a model outside the demo rule, a call with
     * no max_tokens, and the connection reached around /llm/ are refused and never reach the provider.
     */
    @Test
    void aModelCallOnDemoLlmIsDecidedOnItsModelAndLeavesMasked() throws Exception {
        String aws = "AKIA4QZ7XK2M9PLR3TWN";
        int before = DemoLlm.provider().received().size();
        HttpResponse<String> allowed = llm("/llm/demo-llm", "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"deploy key " + aws + "\"}]}");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("chat.completion");
        var sent = DemoLlm.provider().last();
        assertThat(sent.body()).doesNotContain(aws).contains("[REDACTED:aws-access-key]");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer demo-llm-provider-key");

        HttpResponse<String> large = llm("/llm/demo-llm", "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"messages\":[]}");
        assertThat(large.statusCode()).isEqualTo(403);
        assertThat(large.body()).contains("\"ruleId\":\"deny-large-models\"");
        assertThat(llm("/llm/demo-llm", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}").statusCode())
                .as("no max_tokens: not covered by the ceiling").isEqualTo(403);
        assertThat(llm("/proxy/demo-llm", "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,\"messages\":[]}").statusCode())
                .as("around the inspection").isEqualTo(403);
        assertThat(DemoLlm.provider().received()).hasSize(before + 1);
    }

    /**
     * Two proxy replicas spend from one budget (policy-service's counters): what a call used on one counts on
     * the other, so the second call, which a replica's own memory would have let through, is refused with 429
     * naming the budget, and never reaches the provider.
     */
    @Test
    void twoProxyReplicasSpendFromOneLlmBudget() throws Exception {
        // 80 tokens a day; a call holds its prompt's estimate (~25) plus max_tokens 20, and the double
        // reports 42 prompt tokens plus its answer: the first call fits, a second one cannot.
        Map<String, Object> budget = Map.of("gatehouse.proxy.llm.budgets[acme/shared-budget]", 80);
        String first = suite.startProxyReplica("edge-proxy-budget-a", budget);
        String second = suite.startProxyReplica("edge-proxy-budget-b", budget);
        String token = oidc.ciToken("repo:acme/shared-budget:ref:refs/heads/main",
                Map.of("repository", "acme/shared-budget", "ref", "refs/heads/main"));
        String call = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        int before = DemoLlm.provider().received().size();

        HttpResponse<String> spent = llm(first, "/llm/demo-llm", call, token);
        HttpResponse<String> refused = llm(second, "/llm/demo-llm", call, token);

        assertThat(spent.statusCode()).as(spent.body()).isEqualTo(200);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(JSON.readTree(refused.body()).path("budget").asString()).isEqualTo("tokens-per-day:acme/shared-budget");
        assertThat(llm(first, "/llm/demo-llm", call, token).statusCode()).as("the first replica agrees").isEqualTo(429);
        assertThat(DemoLlm.provider().received()).as("only the first call reached the provider").hasSize(before + 1);
    }

    private HttpResponse<String> llm(String base, String body) throws Exception {
        return llm(suite.url("edge-proxy"), base, body, agent());
    }

    private HttpResponse<String> llm(String proxy, String base, String body, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy + base + "/v1/chat/completions"))
                .header(base.startsWith("/llm/") ? "x-api-key" : "Authorization",
                        (base.startsWith("/llm/") ? "" : "Bearer ") + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
