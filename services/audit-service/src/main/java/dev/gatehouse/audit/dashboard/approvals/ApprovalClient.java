package dev.gatehouse.audit.dashboard.approvals;

import dev.gatehouse.audit.dashboard.DashboardProperties;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Calls approval-service's REST API on the signed-in user's behalf, with the user's own access token:
 * approval-service, not the dashboard, decides who may approve what (self-approval, already decided),
 * and its audit names the reviewer, not this service. No retries: a decision is not idempotent, and the
 * reviewer sees the error and can press again.
 */
@Component
class ApprovalClient {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(tools.jackson.databind.cfg.EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL).build();

    private final RestClient http;
    private final DashboardProperties properties;

    ApprovalClient(DashboardProperties properties) {
        this.properties = properties;
        // approval-timeout bounds the connect and, per request, the wait for the answer's headers.
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.approvalTimeout()).followRedirects(HttpClient.Redirect.NEVER).build());
        requests.setReadTimeout(properties.approvalTimeout());
        this.http = RestClient.builder().requestFactory(requests)
                .defaultHeader(HttpHeaders.ACCEPT, "application/json, application/problem+json").build();
    }

    List<Approval> list(ApprovalStatus status, String token) {
        JsonNode body = send(http.get().uri(uri("/api/v1/approvals?status=" + status.name())), token);
        // An array, or a page object with items: accept both.
        JsonNode items = body.isArray() ? body : body.path("items");
        return items.valueStream().map(item -> JSON.treeToValue(item, Approval.class)).toList();
    }

    Approval decide(UUID id, boolean approve, String comment, String token) {
        String body = JSON.writeValueAsString(Map.of("comment", comment == null ? "" : comment));
        JsonNode answer = send(http.post().uri(uri("/api/v1/approvals/" + id + (approve ? "/approve" : "/reject")))
                .contentType(MediaType.APPLICATION_JSON).body(body.getBytes(StandardCharsets.UTF_8)), token);
        return answer.isObject() && answer.has("id") ? JSON.treeToValue(answer, Approval.class) : null;
    }

    private JsonNode send(RestClient.RequestHeadersSpec<?> request, String token) {
        try {
            return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange((sent, response) -> answer(response), true);
        } catch (ResourceAccessException e) {
            // an I/O error, a timeout or an interrupt (the JDK request factory keeps the thread's interrupt
            // flag); the message may name the URL, so it is not passed on
            if (Thread.currentThread().isInterrupted()) {
                throw new ApprovalServiceError(503, "interrupted while calling approval-service");
            }
            throw new ApprovalServiceError(503, "approval-service is not reachable");
        }
    }

    private static JsonNode answer(ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
        if (status >= 400) {
            throw new ApprovalServiceError(status, problemDetail(status, body));
        }
        try {
            return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ApprovalServiceError(502, "approval-service answered with something that is not JSON");
        }
    }

    private static String problemDetail(int status, String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asString("");
            if (!detail.isBlank()) {
                return detail;
            }
        } catch (JacksonException e) {
            // no problem document: fall through to the status
        }
        return "approval-service answered HTTP " + status;
    }

    private URI uri(String path) {
        String base = properties.approvalUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
