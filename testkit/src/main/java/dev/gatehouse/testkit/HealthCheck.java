package dev.gatehouse.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits for a Spring Boot service's {@code /actuator/health} to answer UP: a started process or context is
 * not yet a healthy service (its database, broker or issuer may still be out of reach).
 */
public final class HealthCheck {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HealthCheck() {
    }

    /** Returns once {@code baseUrl}'s health is UP; otherwise fails after {@code deadlineNanos} naming the last answer. */
    public static void awaitUp(String what, String baseUrl, long deadlineNanos) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(what + " is not healthy: " + last);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
