package dev.gatehouse.bench.approval;

import dev.gatehouse.local.DemoSetup;
import dev.gatehouse.local.EchoTarget;
import dev.gatehouse.local.Infrastructure;
import dev.gatehouse.local.Suite;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Approve → the held request reaches the target (docs/architecture.md §9, issue 6: p99 under 200 ms over 100
 * approvals). Boots the whole suite in this JVM with the demo policy, so the approve call and the echo
 * target's arrival stamp read the same {@link System#nanoTime()} clock. Each round: an agent POSTs
 * (held by the review rule), the benchmark finds the pending approval through approval-service, stamps
 * the time, approves as a reviewer, and reads when the echo target saw the request. The path between
 * is everything real: approval-service's transaction and outbox, Kafka, the proxy's consumer, the
 * one-time consumption, the vault lease and the write-ahead audit of the forward.
 * <p>
 * {@code bench/approval-latency.sh [rounds=100] [warmup=20]}
 */
public final class ApprovalLatencyBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AGENT = "repo:acme/app:ref:refs/heads/main";

    private ApprovalLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (PostgresFixture postgres = PostgresFixture.shared(); KafkaFixture kafka = KafkaFixture.dedicated();
             OidcIssuer oidc = OidcIssuer.shared(); EchoTarget echo = EchoTarget.start(0);
             Suite suite = Suite.start(new Infrastructure(postgres, kafka, oidc, echo), Suite.Ports.RANDOM)) {
            suite.awaitHealthy(Duration.ofSeconds(60));
            DemoSetup.seed(suite);
            String agent = oidc.ciToken(AGENT, Map.of("repository", "acme/app", "run_id", "bench"));
            String reviewer = oidc.internalToken("bench-reviewer", "gatehouse-reviewer");
            for (int i = 0; i < warmup; i++) {
                round(suite, echo, agent, reviewer, "warmup-" + i);
            }
            long[] toTarget = new long[rounds];
            long[] toCaller = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long[] round = round(suite, echo, agent, reviewer, "round-" + i);
                toTarget[i] = round[0];
                toCaller[i] = round[1];
            }
            System.out.printf("%nApprove -> held request reaches the target, %d approvals (%d warm-up), %d cores:%n",
                    rounds, warmup, Runtime.getRuntime().availableProcessors());
            print("approve -> target", toTarget);
            print("approve -> caller has the response", toCaller);
        }
    }

    /** One held request approved; returns {nanos until the target saw it, nanos until the caller had the answer}. */
    private static long[] round(Suite suite, EchoTarget echo, String agent, String reviewer, String name) throws Exception {
        String path = "/bench/" + name;
        HttpRequest write = HttpRequest.newBuilder(URI.create(suite.url("edge-proxy") + "/proxy/demo-http" + path))
                .header("Authorization", "Bearer " + agent).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"round\":\"" + name + "\"}"))
                .timeout(Duration.ofSeconds(60)).build();
        CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(write, HttpResponse.BodyHandlers.ofString());
        String approvalId = awaitPending(suite, reviewer);
        long approveStart = System.nanoTime();
        HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(
                        URI.create(suite.url("approval-service") + "/api/v1/approvals/" + approvalId + "/approve"))
                .header("Authorization", "Bearer " + reviewer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (approved.statusCode() != 200) {
            throw new IllegalStateException("approve answered " + approved.statusCode() + ": " + approved.body());
        }
        HttpResponse<String> response = held.get(60, TimeUnit.SECONDS);
        long answered = System.nanoTime();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the held request ended " + response.statusCode() + ": " + response.body());
        }
        long arrived = echo.received().reversed().stream().filter(r -> r.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the target never saw " + path)).receivedNanos();
        return new long[] {arrived - approveStart, answered - approveStart};
    }

    private static String awaitPending(Suite suite, String reviewer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpRequest list = HttpRequest.newBuilder(URI.create(suite.url("approval-service")
                        + "/api/v1/approvals?status=PENDING&subject=" + AGENT.replace(":", "%3A")))
                .header("Authorization", "Bearer " + reviewer).build();
        while (System.nanoTime() < deadline) {
            JsonNode pending = JSON.readTree(HTTP.send(list, HttpResponse.BodyHandlers.ofString()).body());
            JsonNode items = pending.isArray() ? pending : pending.path("items");
            if (items.size() > 0) {
                return items.get(0).path("id").asString();
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("no pending approval appeared within 30 s");
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-36s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", what,
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
