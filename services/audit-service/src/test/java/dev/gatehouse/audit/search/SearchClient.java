package dev.gatehouse.audit.search;

import dev.gatehouse.audit.AuditTestSupport;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain HTTP client: the tests see exactly what a caller sees (status, content type, body). */
final class SearchClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    SearchClient(int port) {
        this.port = port;
    }

    Reply get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, String contentType, String body) {

        JsonNode json() {
            return AuditTestSupport.JSON.readTree(body);
        }

        void assertProblem(int expectedStatus, URI type) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(contentType).startsWith("application/problem+json");
            assertThat(json().get("type").asString()).isEqualTo(type.toString());
            assertThat(json().get("status").asInt()).isEqualTo(expectedStatus);
        }
    }
}
