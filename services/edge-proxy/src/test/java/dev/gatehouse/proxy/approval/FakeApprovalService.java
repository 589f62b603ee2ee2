package dev.gatehouse.proxy.approval;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalConsumption;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ApprovalVote;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small stand-in for approval-service's proxy-facing API with the rules the proxy relies on: an
 * approval runs once, only for its fingerprint and its requester, only when approved. Decisions are
 * made by the test ({@link #decide}), which then publishes them on Kafka itself, or not.
 */
public final class FakeApprovalService implements AutoCloseable {

    public record Call(String method, String path, String authorization, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ONE = Pattern.compile("/api/v1/approvals/([^/]+)(/(wait|consume|cancel))?");

    private final HttpServer server;
    private final Map<UUID, Approval> approvals = new ConcurrentHashMap<>();
    private final Map<UUID, ApprovalRequest> requests = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile Duration expiry;
    private volatile String consumedFingerprint;
    private volatile Duration createDelay = Duration.ZERO;

    public FakeApprovalService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool()); // long polls must not stall other calls
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** While down, every call is answered 503. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Approvals created from now on expire after this (null: per the request's review settings). */
    public void expireAfter(Duration expiry) {
        this.expiry = expiry;
    }

    /** A slow service: each approval is created only after this long (it exists once the answer is sent). */
    public void createDelay(Duration delay) {
        this.createDelay = delay == null ? Duration.ZERO : delay;
    }

    /** A faulty service: consume succeeds and answers this fingerprint instead of the approval's. */
    public void answerConsumeWithFingerprint(String fingerprint) {
        this.consumedFingerprint = fingerprint;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public boolean called(String method, String path) {
        return calls.stream().anyMatch(call -> call.method().equals(method) && call.path().equals(path));
    }

    public List<Approval> approvals() {
        return approvals.values().stream().sorted((a, b) -> a.createdAt().compareTo(b.createdAt())).toList();
    }

    /** The one approval created for a connection (tests use a connection name of their own). */
    public Approval forConnection(String connection) {
        return approvals.values().stream().filter(a -> a.connection().equals(connection)).findFirst().orElse(null);
    }

    public ApprovalRequest request(UUID id) {
        return requests.get(id);
    }

    public Approval approval(UUID id) {
        return approvals.get(id);
    }

    /** A reviewer decides: the approval changes here, and the event the test may publish is returned. */
    public synchronized ApprovalDecided decide(UUID id, ApprovalStatus status, String reviewer, String comment) {
        Approval a = approvals.get(id);
        Instant now = Instant.now();
        List<ApprovalVote> votes = new ArrayList<>(a.votes());
        if (reviewer != null) {
            votes.add(new ApprovalVote("http://idp/gatehouse", reviewer, status, comment, now));
        }
        Approval decided = with(a, status, votes, now, null, a.auditSeq() + 1);
        approvals.put(id, decided);
        notifyAll();
        return new ApprovalDecided(id, status, a.sessionId(), a.fingerprint(), reviewer, comment, now,
                decided.auditSeq());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        calls.add(new Call(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
                body));
        if (down) {
            send(exchange, 503, Map.of("type", "about:blank", "status", 503));
            return;
        }
        if (path.equals("/api/v1/approvals") && exchange.getRequestMethod().equals("POST")) {
            pause(createDelay);
            send(exchange, 201, create(JSON.readValue(body, ApprovalRequest.class)));
            return;
        }
        Matcher matcher = ONE.matcher(path);
        Approval approval = matcher.matches() ? approvals.get(UUID.fromString(matcher.group(1))) : null;
        if (approval == null) {
            send(exchange, 404, Map.of("type", "https://gatehouse.dev/problems/not-found", "status", 404));
            return;
        }
        String action = matcher.group(3) == null ? "" : matcher.group(3);
        switch (action) {
            case "wait" -> send(exchange, 200, awaitDecision(approval.id(), Duration.ofSeconds(30)));
            case "consume" -> consume(exchange, approval, JSON.readValue(body, ApprovalConsumption.class));
            case "cancel" -> cancel(exchange, approval);
            default -> send(exchange, 200, approval);
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Approval create(ApprovalRequest request) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        Duration lifetime = expiry != null ? expiry : request.review().expiry();
        Approval approval = new Approval(id, ApprovalStatus.PENDING, request.sessionId(), request.identity(),
                request.connection(), request.protocol(), request.command(), request.fingerprint(), request.ruleId(),
                request.policyVersion(), request.review().reviewers(), request.review().approvals(), List.of(), now,
                now.plus(lifetime), null, null, null, request.seq() + 1, "https://approvals.example/approvals/" + id);
        approvals.put(id, approval);
        requests.put(id, request);
        return approval;
    }

    private synchronized Approval awaitDecision(UUID id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (approvals.get(id).status() == ApprovalStatus.PENDING && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return approvals.get(id);
    }

    private synchronized void consume(HttpExchange exchange, Approval approval, ApprovalConsumption consumption)
            throws IOException {
        String reason = switch (approval.status()) {
            case APPROVED -> consumedFingerprint == null && !approval.fingerprint().equals(consumption.fingerprint())
                    ? "different-command"
                    : !approval.identity().issuer().equals(consumption.identity().issuer())
                    || !approval.identity().subject().equals(consumption.identity().subject())
                    ? "different-caller" : null;
            case PENDING -> "not-approved";
            case CONSUMED -> "already-used";
            case REJECTED, CANCELLED -> "rejected";
            case EXPIRED -> "expired";
        };
        if (reason != null) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "https://gatehouse.dev/problems/approval-not-usable");
            problem.put("status", 409);
            problem.put("reason", reason);
            problem.put("approvalStatus", approval.status().name());
            approval.votes().stream().reduce((a, b) -> b).map(ApprovalVote::comment)
                    .ifPresent(comment -> problem.put("comment", comment));
            send(exchange, 409, problem);
            return;
        }
        // As approval-service answers (ApprovalRedemption): auditSeq is the last number used before this run;
        // the run's REQUEST and RESPONSE follow it. (The real service also stores the two numbers as reserved
        // for a re-use window's next run; one-time approvals here have no next run.)
        Approval consumed = with(approval, ApprovalStatus.CONSUMED, approval.votes(), approval.decidedAt(),
                Instant.now(), approval.auditSeq());
        approvals.put(approval.id(), consumed);
        String lie = consumedFingerprint;
        send(exchange, 200, lie == null ? consumed : new Approval(consumed.id(), consumed.status(), consumed.sessionId(),
                consumed.identity(), consumed.connection(), consumed.protocol(), consumed.command(), lie,
                consumed.ruleId(), consumed.policyVersion(), consumed.reviewers(), consumed.requiredApprovals(),
                consumed.votes(), consumed.createdAt(), consumed.expiresAt(), consumed.decidedAt(),
                consumed.windowUntil(), consumed.consumedAt(), consumed.auditSeq(), consumed.url()));
    }

    private synchronized void cancel(HttpExchange exchange, Approval approval) throws IOException {
        if (approval.status() != ApprovalStatus.PENDING) {
            send(exchange, 409, Map.of("type", "https://gatehouse.dev/problems/conflict", "status", 409));
            return;
        }
        Approval cancelled = with(approval, ApprovalStatus.CANCELLED, approval.votes(), Instant.now(), null,
                approval.auditSeq() + 1);
        approvals.put(approval.id(), cancelled);
        notifyAll();
        send(exchange, 200, cancelled);
    }

    private static Approval with(Approval a, ApprovalStatus status, List<ApprovalVote> votes, Instant decidedAt,
                                 Instant consumedAt, long auditSeq) {
        return new Approval(a.id(), status, a.sessionId(), a.identity(), a.connection(), a.protocol(), a.command(),
                a.fingerprint(), a.ruleId(), a.policyVersion(), a.reviewers(), a.requiredApprovals(), votes,
                a.createdAt(), a.expiresAt(), decidedAt, a.windowUntil(), consumedAt, auditSeq, a.url());
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
