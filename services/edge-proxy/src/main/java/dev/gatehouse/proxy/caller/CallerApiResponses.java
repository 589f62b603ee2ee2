package dev.gatehouse.proxy.caller;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.caller.InternalReader.CallerApiUnavailable;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/** The verified caller of a request, and the answers the caller API gives. */
final class CallerApiResponses {

    private static final Logger log = LoggerFactory.getLogger(CallerApiResponses.class);

    private CallerApiResponses() {
    }

    /** Runs {@code handler} for the verified caller; no caller: 401, an internal service down: 503. */
    static Mono<ServerResponse> asCaller(ServerRequest request, Function<CallerIdentity, Mono<ServerResponse>> handler) {
        return request.principal()
                .ofType(CallerAuthentication.class)
                .map(CallerAuthentication::identity)
                .flatMap(handler)
                .switchIfEmpty(Mono.defer(() -> problem(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                        "a valid bearer token from a trusted issuer is required")))
                .onErrorResume(CallerApiUnavailable.class, e -> {
                    log.warn("caller API: {}", e.getMessage());
                    return problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                            "Gatehouse could not answer this now; retry");
                });
    }

    static Mono<ServerResponse> json(String body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    static Mono<ServerResponse> problem(HttpStatus status, URI type, String detail) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(ProblemWriter.body(status, type, detail, Map.of()));
    }

    static Mono<ServerResponse> badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, detail);
    }

    /** An internal answer other than 200, 404 and the ones a handler expects: the service is not well. */
    static Mono<ServerResponse> unexpected(int status) {
        return Mono.error(new CallerApiUnavailable("answered " + status));
    }
}
