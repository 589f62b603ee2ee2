package dev.gatehouse.proxy.problem;

import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A refusal as the Kubernetes API server would write it: a {@code Status} object ({@code kind: Status},
 * {@code status: Failure}, {@code reason}, {@code code}). kubectl prints {@code Error from server
 * (Forbidden): <message>}, so the message carries what a problem document keeps in fields: the rule and
 * the audit id. The problem type stays machine-readable in {@code details.causes}.
 */
final class KubernetesStatus {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KubernetesStatus() {
    }

    static byte[] body(HttpStatus status, URI type, String detail, Map<String, ?> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "Status");
        body.put("apiVersion", "v1");
        body.put("metadata", Map.of());
        body.put("status", "Failure");
        body.put("message", message(detail, extensions));
        body.put("reason", reason(status));
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("reason", "Gatehouse");
        cause.put("message", type.toString());
        extensions.forEach((name, value) -> {
            if (value != null) {
                cause.put(name, value);
            }
        });
        body.put("details", Map.of("causes", java.util.List.of(cause)));
        body.put("code", status.value());
        return JSON.writeValueAsBytes(body);
    }

    /** "Gatehouse: the policy denies this operation (rule deny-delete, audit id …)". */
    private static String message(String detail, Map<String, ?> extensions) {
        StringJoiner facts = new StringJoiner(", ", " (", ")").setEmptyValue("");
        Object rule = extensions.get("ruleId");
        if (rule != null) {
            facts.add("rule " + rule);
        }
        extensions.forEach((name, value) -> {
            if (value != null && !name.equals("ruleId")) {
                facts.add(name + " " + value);
            }
        });
        return "Gatehouse: " + detail + facts;
    }

    /** The StatusReason kubectl names in its error line, per status code (k8s.io/apimachinery metav1). */
    private static String reason(HttpStatus status) {
        return switch (status.value()) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 413 -> "RequestEntityTooLarge";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> status.is5xxServerError() ? "InternalError" : "Unknown";
        };
    }
}
