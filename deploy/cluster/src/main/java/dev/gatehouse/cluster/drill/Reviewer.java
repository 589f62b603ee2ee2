package dev.gatehouse.cluster.drill;

import dev.gatehouse.cluster.Layout;
import dev.gatehouse.cluster.Tokens;

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
