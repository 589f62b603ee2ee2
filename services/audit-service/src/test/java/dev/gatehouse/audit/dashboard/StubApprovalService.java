package dev.gatehouse.audit.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ApprovalVote;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Protocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * approval-service's reviewer API as the dashboard sees it, on a local port: lists by status, approve and
 * reject with a comment. Records every request it receives (method, path, Authorization, body) so tests
 * can check what reached it, and answers 409 problem+json for requests marked as already decided.
 */
final class StubApprovalService implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Received(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final Map<UUID, Approval> approvals = new ConcurrentHashMap<>();
    private final Set<UUID> alreadyDecided = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    StubApprovalService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/approvals", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> decisions() {
        return received.stream().filter(r -> r.method().equals("POST")).toList();
    }

    Approval pending(String connection, Protocol protocol, String command, String subject, Map<String, Object> claims) {
        Instant now = Instant.now();
        Approval approval = new Approval(UUID.randomUUID(), ApprovalStatus.PENDING, "s-" + UUID.randomUUID(),
                new CallerIdentity("https://token.actions.githubusercontent.com", subject, claims), connection,
                protocol, command, "fp", "review-writes", 3L, "gatehouse-reviewer", 1, List.of(), now,
                now.plus(Duration.ofMinutes(10)), null, null, null, 7, null);
        approvals.put(approval.id(), approval);
        return approval;
    }

    void markAlreadyDecided(UUID id) {
        alreadyDecided.add(id);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            if (exchange.getRequestMethod().equals("GET") && path.equals("/api/v1/approvals")) {
                String query = exchange.getRequestURI().getQuery();
                String status = query == null ? "PENDING" : query.replace("status=", "");
                List<Approval> matching = approvals.values().stream()
                        .filter(a -> a.status().name().equals(status)).toList();
                respond(exchange, 200, "application/json", JSON.writeValueAsString(matching));
                return;
            }
            String[] parts = path.split("/");
            if (exchange.getRequestMethod().equals("POST") && parts.length == 6) {
                decide(exchange, UUID.fromString(parts[4]), parts[5], body);
                return;
            }
            respond(exchange, 404, "application/problem+json", "{\"status\":404,\"detail\":\"no such endpoint\"}");
        }
    }

    private void decide(HttpExchange exchange, UUID id, String action, String body) throws IOException {
        Approval current = approvals.get(id);
        if (current == null || alreadyDecided.contains(id)) {
            respond(exchange, 409, "application/problem+json", "{\"type\":\"https://gatehouse.dev/problems/conflict\","
                    + "\"status\":409,\"detail\":\"approval " + id + " was already decided\"}");
            return;
        }
        JsonNode request = JSON.readTree(body);
        ApprovalStatus decision = action.equals("approve") ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED;
        List<ApprovalVote> votes = new ArrayList<>(current.votes());
        votes.add(new ApprovalVote("issuer", "reviewer", decision, request.path("comment").asString(""), Instant.now()));
        Approval decided = new Approval(id, decision, current.sessionId(), current.identity(), current.connection(),
                current.protocol(), current.command(), current.fingerprint(), current.ruleId(), current.policyVersion(),
                current.reviewers(), current.requiredApprovals(), votes, current.createdAt(), current.expiresAt(),
                Instant.now(), null, null, current.auditSeq(), null);
        approvals.put(id, decided);
        respond(exchange, 200, "application/json", JSON.writeValueAsString(decided));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
