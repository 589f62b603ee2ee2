package dev.gatehouse.audit.verify;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the ledger API of a running audit-service. The token is sent, never printed. */
final class LedgerClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    LedgerClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    JsonNode get(String path) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return Verifier.JSON.readTree(response.body());
    }

    List<JsonNode> checkpoints() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        long from = 0;
        while (true) {
            List<JsonNode> page = new ArrayList<>();
            get("/api/v1/checkpoints?limit=1000&from=" + from).path("items").forEach(page::add);
            all.addAll(page);
            if (page.size() < 1000) {
                return all;
            }
            from = page.getLast().path("size").asLong() + 1;
        }
    }
}
