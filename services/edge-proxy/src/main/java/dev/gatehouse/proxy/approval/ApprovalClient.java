package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalConsumption;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * approval-service's REST API, called with the proxy's own service token like policy and vault.
 * Unreachable, 5xx, slow or unreadable answers are {@link ApprovalUnavailable} (fail closed); a 409 on
 * consume is {@link ApprovalNotUsable}. Error bodies are read only for the 409's stable fields.
 */
@Component
class ApprovalClient {

    private final WebClient http;
    private final ApprovalProperties properties;
    private final JsonMapper json;
    private final URI approvals;

    ApprovalClient(@Qualifier("internalWebClient") WebClient http, ApprovalProperties properties, JsonMapper json) {
        this.http = http;
        this.properties = properties;
        this.json = json;
        this.approvals = UriComponentsBuilder.fromUri(properties.url()).path("/api/v1/approvals").build().toUri();
    }

    Mono<Approval> create(ApprovalRequest request) {
        return checked(http.post().uri(approvals).bodyValue(request)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(Approval.class) : unexpected(response)), properties.timeout(), "create");
    }

    /** The approval as it stands, or empty when approval-service does not know it. */
    Mono<Approval> get(UUID id) {
        return checked(http.get().uri(uri(id)).exchangeToMono(ApprovalClient::approvalOrNotFound),
                properties.timeout(), "get").onErrorResume(NotFound.class, e -> Mono.empty());
    }

    /** Long poll: the approval once decided, or as it stands after {@code wait}; empty when unknown. */
    Mono<Approval> waitFor(UUID id, Duration wait) {
        URI uri = UriComponentsBuilder.fromUri(uri(id)).pathSegment("wait")
                .queryParam("timeout", wait.toSeconds() + "s").build().toUri();
        Duration limit = wait.plus(properties.timeout());
        return checked(http.get().uri(uri)
                        .httpRequest(request -> {
                            if (request.getNativeRequest() instanceof HttpClientRequest netty) {
                                netty.responseTimeout(limit); // the shared client's short one would cut the poll
                            }
                        })
                        .exchangeToMono(ApprovalClient::approvalOrNotFound), limit, "wait")
                .onErrorResume(NotFound.class, e -> Mono.empty());
    }

    Mono<Approval> consume(UUID id, ApprovalConsumption consumption) {
        URI uri = UriComponentsBuilder.fromUri(uri(id)).pathSegment("consume").build().toUri();
        return checked(http.post().uri(uri).bodyValue(consumption).exchangeToMono(response -> switch (
                response.statusCode().value()) {
            case 200, 201 -> response.bodyToMono(Approval.class);
            case 404 -> response.releaseBody().then(Mono.error(new ApprovalNotUsable("unknown", null, null)));
            case 409 -> response.bodyToMono(String.class).defaultIfEmpty("{}")
                    .flatMap(body -> Mono.error(notUsable(body)));
            default -> unexpected(response);
        }), properties.timeout(), "consume");
    }

    /** Best effort: an approval already decided (409) or unknown (404) needs no cancelling. */
    Mono<Void> cancel(UUID id) {
        URI uri = UriComponentsBuilder.fromUri(uri(id)).pathSegment("cancel").build().toUri();
        return checked(http.post().uri(uri).exchangeToMono(response -> {
            int status = response.statusCode().value();
            return status < 300 || status == 404 || status == 409
                    ? response.releaseBody().then(Mono.just(true)) : unexpected(response);
        }), properties.timeout(), "cancel").then();
    }

    private URI uri(UUID id) {
        return UriComponentsBuilder.fromUri(approvals).pathSegment(id.toString()).build().toUri();
    }

    private static <T> Mono<T> checked(Mono<T> call, Duration timeout, String action) {
        return call.timeout(timeout)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("empty answer")))
                .onErrorMap(e -> !(e instanceof ApprovalNotUsable || e instanceof ApprovalUnavailable
                                || e instanceof NotFound),
                        e -> new ApprovalUnavailable(action + " at approval-service failed: "
                                + e.getClass().getSimpleName(), e));
    }

    private static Mono<Approval> approvalOrNotFound(ClientResponse response) {
        int status = response.statusCode().value();
        if (status == 200) {
            return response.bodyToMono(Approval.class);
        }
        return status == 404 ? response.releaseBody().then(Mono.error(new NotFound())) : unexpected(response);
    }

    private static <T> Mono<T> unexpected(ClientResponse response) {
        int status = response.statusCode().value();
        return response.releaseBody().then(Mono.error(new ApprovalUnavailable(
                "approval-service answered " + status, null)));
    }

    private ApprovalNotUsable notUsable(String body) {
        JsonNode problem;
        try {
            problem = json.readTree(body);
        } catch (RuntimeException e) {
            return new ApprovalNotUsable("unknown", null, null);
        }
        String reason = text(problem, "reason");
        return new ApprovalNotUsable(reason == null ? "unknown" : reason, status(problem), text(problem, "comment"));
    }

    // "status" of a problem is the HTTP status number; the approval's own status may sit there as text.
    private static ApprovalStatus status(JsonNode problem) {
        for (String field : new String[] {"approvalStatus", "status"}) {
            String value = text(problem, field);
            if (value != null) {
                try {
                    return ApprovalStatus.valueOf(value);
                } catch (IllegalArgumentException ignored) {
                    // not an approval status
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** approval-service does not know the id. */
    static final class NotFound extends RuntimeException {
        NotFound() {
            super("approval not found", null, false, false);
        }
    }
}
