package dev.gatehouse.proxy.policy;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Verdict;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import reactor.util.retry.Retry;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks policy-service for a decision, through the {@link DecisionCache}; any failure is a
 * {@link PolicyUnavailable} (fail closed: a failed answer is never cached).
 */
@Component
public class PolicyClient {

    private final WebClient http;
    private final PolicyProperties properties;
    private final DecisionCache cache;
    private final URI decisions;
    private final Map<String, Mono<Decision>> inFlight = new ConcurrentHashMap<>();

    PolicyClient(@Qualifier("internalWebClient") WebClient http, PolicyProperties properties, DecisionCache cache) {
        this.http = http;
        this.properties = properties;
        this.cache = cache;
        this.decisions = UriComponentsBuilder.fromUri(properties.url()).path("/api/v1/decisions").build().toUri();
    }

    /** A cached decision when one is valid, else policy-service's answer (then cached). */
    public Mono<Decision> decide(DecisionRequest request) {
        Decision cached = cache.find(request);
        if (cached != null) {
            return Mono.just(cached);
        }
        // Callers that miss at once with the same request (every connection of a CI job when its entry
        // expires) share one call instead of sending policy-service a burst of identical ones.
        String key = DecisionKey.exact(request.identity(), request.operation());
        return inFlight.computeIfAbsent(key, k -> fetch(request)
                .doOnNext(decision -> cache.remember(request, decision))
                .doFinally(signal -> inFlight.remove(k))
                .cache());
    }

    private Mono<Decision> fetch(DecisionRequest request) {
        return http.post().uri(decisions).bodyValue(request)
                .retrieve()
                .bodyToMono(Decision.class)
                // A pooled connection the server closed as the request went out: asking again is safe, a
                // decision changes nothing.
                .retryWhen(Retry.max(1).filter(PolicyClient::closedUnderRequest))
                .timeout(properties.timeout())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("empty decision")))
                .map(PolicyClient::checked)
                .onErrorMap(e -> !(e instanceof PolicyUnavailable),
                        e -> new PolicyUnavailable("no decision from policy-service: " + e.getClass().getSimpleName(), e));
    }

    private static boolean closedUnderRequest(Throwable error) {
        return error instanceof WebClientRequestException && error.getCause() instanceof PrematureCloseException;
    }

    // An ALLOW without a target cannot be forwarded anywhere: treat it as an unusable answer.
    private static Decision checked(Decision decision) {
        if (decision.verdict() == Verdict.ALLOW
                && (decision.target() == null || decision.target().upstream() == null)) {
            throw new IllegalStateException("ALLOW without a target");
        }
        return decision;
    }
}
