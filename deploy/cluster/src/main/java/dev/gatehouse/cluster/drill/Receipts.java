package dev.gatehouse.cluster.drill;

import dev.gatehouse.cluster.Layout;
import dev.gatehouse.cluster.Tokens;
import dev.gatehouse.ledger.ReceiptRejected;
import dev.gatehouse.ledger.ReceiptVerifier;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks that every audit id a client was answered with resolves to a proof: the caller asks the proxy for
 * its receipt ({@code GET /receipts/<id>}, as {@code gatehouse receipt} does) and the drill verifies it
 * against the log's public key, taken from audit-service itself by an auditor.
 */
final class Receipts {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String callerToken = Tokens.ciJob(DrillLoad.SUBJECT, "acme/drill");
    private final String verifierKey;

    Receipts() throws IOException, InterruptedException {
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(URI.create(Layout.url(Layout.AUDIT)
                        + "/api/v1/checkpoints/public-key"))
                .header("Authorization", "Bearer " + Tokens.person("drill-auditor", "gatehouse-auditor")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (key.statusCode() != 200) {
            throw new IllegalStateException("audit-service did not give the log's key: " + key.statusCode());
        }
        verifierKey = JSON.readTree(key.body()).path("verifierKey").asString();
    }

    /** How many of the ids did not resolve to a verified proof within a minute each; the first few named. */
    long unproven(List<String> auditIds, List<String> examples) throws InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> results = auditIds.stream().map(id -> pool.submit(() -> prove(id))).toList();
            long unproven = 0;
            for (Future<String> result : results) {
                try {
                    String failure = result.get();
                    if (failure != null) {
                        unproven++;
                        if (examples.size() < 5) {
                            examples.add(failure);
                        }
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    unproven++;
                }
            }
            return unproven;
        }
    }

    /** Null when proven; otherwise why not. */
    private String prove(String auditId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            int replica = Math.abs(auditId.hashCode() % Layout.PROXY_HTTP.size());
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(Layout.url(Layout.PROXY_HTTP.get(replica))
                                + "/receipts/" + auditId)).timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + callerToken).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    ReceiptVerifier.verify(JSON.readTree(answer.body()), auditId, verifierKey);
                    return null;
                }
                last = answer.statusCode() + "";
            } catch (ReceiptRejected e) {
                return auditId + ": receipt REJECTED: " + e.getMessage();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(1_000); // 404: not stored yet; 409: not yet under a checkpoint (every 2 s)
        }
        return auditId + ": no proof within " + PATIENCE.toSeconds() + " s (last answer " + last + ")";
    }
}
