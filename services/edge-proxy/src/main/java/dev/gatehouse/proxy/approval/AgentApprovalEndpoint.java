package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /approvals/{id}[?wait=30s]} on the proxy itself: where an agent that got 202 looks its
 * request up (the {@code Location} of that answer), with its own CI token. Only the requester sees an
 * approval (same issuer and subject); anyone else gets 404, as for an id that does not exist. With
 * {@code wait} the answer is held (through approval-service's long poll) until a decision, at most
 * {@value #MAX_WAIT_SECONDS} s. The gateway route is {@code /proxy/**} only, so this handler answers.
 */
@Configuration(proxyBeanMethods = false)
class AgentApprovalEndpoint {

    static final int MAX_WAIT_SECONDS = 60;

    private static final Logger log = LoggerFactory.getLogger(AgentApprovalEndpoint.class);
    private static final Pattern WAIT = Pattern.compile("(\\d{1,6})(ms|s|m)?");

    @Bean
    RouterFunction<ServerResponse> agentApprovalRoutes(ApprovalClient client) {
        return RouterFunctions.route()
                .GET("/approvals/{id}", request -> show(request, client))
                .build();
    }

    private static Mono<ServerResponse> show(ServerRequest request, ApprovalClient client) {
        UUID id;
        Duration wait;
        try {
            id = UUID.fromString(request.pathVariable("id"));
            wait = wait(request.queryParam("wait").orElse(null));
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                    "the approval id must be a UUID and wait a duration such as 30s");
        }
        return request.principal()
                .ofType(CallerAuthentication.class)
                .map(CallerAuthentication::identity)
                .flatMap(caller -> client.get(id)
                        .filter(approval -> requestedBy(approval, caller))
                        .flatMap(approval -> approval.status() == ApprovalStatus.PENDING && !wait.isZero()
                                ? client.waitFor(id, wait).defaultIfEmpty(approval) : Mono.just(approval))
                        .flatMap(approval -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(AgentApprovalView.of(approval)))
                        .switchIfEmpty(Mono.defer(() -> problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                                "no such approval of yours"))))
                .switchIfEmpty(Mono.defer(() -> problem(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                        "a valid bearer token from a trusted issuer is required")))
                .onErrorResume(ApprovalUnavailable.class, e -> {
                    log.warn("{}", e.getMessage());
                    return problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                            "the approval service could not answer");
                });
    }

    private static boolean requestedBy(Approval approval, CallerIdentity caller) {
        return approval.identity() != null && caller.issuer().equals(approval.identity().issuer())
                && caller.subject().equals(approval.identity().subject());
    }

    static Duration wait(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        Matcher matcher = WAIT.matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration wait = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        Duration max = Duration.ofSeconds(MAX_WAIT_SECONDS);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private static Mono<ServerResponse> problem(HttpStatus status, URI type, String detail) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(ProblemWriter.body(status, type, detail, Map.of()));
    }
}
