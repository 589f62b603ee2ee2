package dev.gatehouse.proxy.caller;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ProblemTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.proxy.caller.CallerApiResponses.asCaller;
import static dev.gatehouse.proxy.caller.CallerApiResponses.badRequest;
import static dev.gatehouse.proxy.caller.CallerApiResponses.json;
import static dev.gatehouse.proxy.caller.CallerApiResponses.problem;
import static dev.gatehouse.proxy.caller.CallerApiResponses.unexpected;

/**
 * Receipts for the caller's own audit events ({@code Gatehouse-Audit-Id} of its answers), read from
 * audit-service with the proxy's service identity. audit-service returns an event only when its issuer and
 * subject are the ones the proxy names, and those come from the caller's verified token, never from the
 * request: another caller's event answers 404, as an unknown id does. The checkpoint key and consistency
 * proofs hold no caller data; the CLI still checks them against a key the user pinned, so a proxy that
 * lied here would be caught, not trusted.
 */
@Configuration(proxyBeanMethods = false)
class ReceiptRoutes {

    @Bean
    RouterFunction<ServerResponse> callerReceiptRoutes(InternalReader reader, CallerApiProperties properties) {
        URI audit = properties.auditUrl();
        return RouterFunctions.route()
                .GET("/receipts/public-key", request -> asCaller(request,
                        caller -> passThrough(reader, url(audit, "/api/v1/checkpoints/public-key").build().toUri())))
                .GET("/receipts/consistency", request -> asCaller(request, caller -> consistency(request, reader, audit)))
                .GET("/receipts/{id}", request -> asCaller(request, caller -> receipt(request, caller, reader, audit)))
                .GET("/receipts", request -> asCaller(request, caller -> events(request, caller, reader, audit)))
                .build();
    }

    private static Mono<ServerResponse> receipt(ServerRequest request, CallerIdentity caller, InternalReader reader,
                                                URI audit) {
        UUID id;
        try {
            id = UUID.fromString(request.pathVariable("id"));
        } catch (IllegalArgumentException e) {
            return badRequest("the audit id must be a UUID (the Gatehouse-Audit-Id header of an answer)");
        }
        URI uri = owned(url(audit, "/api/v1/receipts/{id}"), caller, Map.of("id", id.toString()));
        return reader.get(uri).flatMap(reply -> switch (reply.status()) {
            case 200 -> json(reply.body());
            case 404 -> problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no audit event " + id + " of yours");
            case 409 -> problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT,
                    "audit event " + id + " is not covered by a signed checkpoint yet; retry in a few seconds");
            default -> unexpected(reply.status());
        });
    }

    private static Mono<ServerResponse> events(ServerRequest request, CallerIdentity caller, InternalReader reader,
                                               URI audit) {
        String from = request.queryParam("from").orElse(null);
        try {
            Instant.parse(from == null ? "" : from);
        } catch (DateTimeParseException e) {
            return badRequest("from must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
        URI uri = owned(url(audit, "/api/v1/receipts").queryParam("from", "{from}"), caller, Map.of("from", from));
        return passThrough(reader, uri);
    }

    private static Mono<ServerResponse> consistency(ServerRequest request, InternalReader reader, URI audit) {
        long from;
        long to;
        try {
            from = Long.parseLong(request.queryParam("from").orElse(""));
            to = Long.parseLong(request.queryParam("to").orElse(""));
        } catch (NumberFormatException e) {
            return badRequest("from and to must be tree sizes");
        }
        if (from < 0 || to < from) {
            return badRequest("from and to must be tree sizes with from <= to");
        }
        URI uri = url(audit, "/api/v1/checkpoints/consistency").queryParam("from", from).queryParam("to", to)
                .build().toUri();
        return passThrough(reader, uri);
    }

    private static Mono<ServerResponse> passThrough(InternalReader reader, URI uri) {
        return reader.get(uri).flatMap(reply -> reply.status() == 200 ? json(reply.body())
                : reply.status() == 404 ? problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "not found")
                : unexpected(reply.status()));
    }

    /**
     * The query that scopes audit-service's answer to this caller, from the verified token only. Values go
     * in as template variables, which are encoded whole: a subject holding {@code &} or {@code =} cannot
     * add a parameter of its own.
     */
    private static URI owned(UriComponentsBuilder builder, CallerIdentity caller, Map<String, String> more) {
        Map<String, String> variables = new HashMap<>(more);
        variables.put("issuer", caller.issuer());
        variables.put("subject", caller.subject());
        return builder.queryParam("issuer", "{issuer}").queryParam("subject", "{subject}").encode()
                .buildAndExpand(variables).toUri();
    }

    private static UriComponentsBuilder url(URI base, String path) {
        return UriComponentsBuilder.fromUri(base).path(path);
    }
}
