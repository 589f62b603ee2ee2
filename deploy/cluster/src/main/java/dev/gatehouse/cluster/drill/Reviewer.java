package dev.gatehouse.cluster.drill;

import dev.gatehouse.cluster.Layout;
import dev.gatehouse.cluster.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The reviewer of the drills' held requests: a person in gatehouse-reviewer approving over the REST API. */
final class Reviewer {

    private Reviewer() {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Approves the pending review whose command names {@code marker} on {@code connection}; false when it is
     * not (yet) pending or approval-service does not answer.
     */
    static boolean approvePending(HttpClient http, String connection, String marker) {
        HttpRequest list = HttpRequest.newBuilder(URI.create(Layout.url(Layout.APPROVAL)
                        + "/api/v1/approvals?status=PENDING&connection=" + connection + "&order=newest&limit=50"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + Tokens.person("drill-reviewer", "gatehouse-reviewer")).build();
        try {
            HttpResponse<String> pending = http.send(list, HttpResponse.BodyHandlers.ofString());
            if (pending.statusCode() != 200) {
                return false;
            }
            for (JsonNode approval : JSON.readTree(pending.body())) {
                if (approval.path("command").asString("").contains(marker)) {
                    return approve(http, approval.path("id").asString());
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean approve(HttpClient http, String approvalId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Layout.url(Layout.APPROVAL) + "/api/v1/approvals/"
                        + approvalId + "/approve"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + Tokens.person("drill-reviewer", "gatehouse-reviewer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"drill\"}")).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
