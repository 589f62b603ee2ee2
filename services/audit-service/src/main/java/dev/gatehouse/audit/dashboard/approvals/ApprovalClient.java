package dev.gatehouse.audit.dashboard.approvals;

import dev.gatehouse.audit.dashboard.DashboardProperties;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Calls approval-service's REST API on the signed-in user's behalf, with the user's own access token:
 * approval-service, not the dashboard, decides who may approve what (self-approval, already decided),
 * and its audit names the reviewer, not this service.
 */
@Component
class ApprovalClient {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(tools.jackson.databind.cfg.EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL).build();

    private final HttpClient http;
    private final DashboardProperties properties;

    ApprovalClient(DashboardProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.approvalTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    List<Approval> list(ApprovalStatus status, String token) {
        JsonNode body = send(HttpRequest.newBuilder(uri("/api/v1/approvals?status=" + status.name())).GET(), token);
        // An array, or a page object with items: accept both.
        JsonNode items = body.isArray() ? body : body.path("items");
        return items.valueStream().map(item -> JSON.treeToValue(item, Approval.class)).toList();
    }

    Approval decide(UUID id, boolean approve, String comment, String token) {
        String body = JSON.writeValueAsString(Map.of("comment", comment == null ? "" : comment));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/approvals/" + id + (approve ? "/approve" : "/reject")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        JsonNode answer = send(request, token);
        return answer.isObject() && answer.has("id") ? JSON.treeToValue(answer, Approval.class) : null;
    }

    private JsonNode send(HttpRequest.Builder request, String token) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(properties.approvalTimeout())
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "application/json, application/problem+json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApprovalServiceError(503, "approval-service is not reachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApprovalServiceError(503, "interrupted while calling approval-service");
        }
        if (response.statusCode() >= 400) {
            throw new ApprovalServiceError(response.statusCode(), problemDetail(response));
        }
        try {
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new ApprovalServiceError(502, "approval-service answered with something that is not JSON");
        }
    }

    private static String problemDetail(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            String detail = problem.path("detail").asString("");
            if (!detail.isBlank()) {
                return detail;
            }
        } catch (JacksonException e) {
            // no problem document: fall through to the status
        }
        return "approval-service answered HTTP " + response.statusCode();
    }

    private URI uri(String path) {
        String base = properties.approvalUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
