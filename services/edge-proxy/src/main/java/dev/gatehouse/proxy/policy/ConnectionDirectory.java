package dev.gatehouse.proxy.policy;

import dev.gatehouse.model.ConnectionTarget;
import dev.gatehouse.model.Protocol;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of the active policy, as policy-service lists them ({@code GET /api/v1/connections/{name}}):
 * what the PostgreSQL listener needs to open a session upstream before any statement is decided. Kept
 * until the next policy change (the same {@code gatehouse.policy.v1} event that drops the decision cache),
 * so a moved upstream is never dialled from a stale entry. Failures are {@link PolicyUnavailable}.
 */
@Component
public class ConnectionDirectory {

    private final WebClient http;
    private final PolicyProperties properties;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    ConnectionDirectory(@Qualifier("internalWebClient") WebClient http, PolicyProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    /** The connection's target, or empty when the active policy has no such connection. */
    public Mono<ConnectionTarget> find(String name) {
        return describe(name).map(Known::target);
    }

    /**
     * The connection's settings as the policy document states them (say, a Kubernetes connection's
     * cluster CA and impersonation), or empty when the active policy has no such connection.
     */
    public Mono<Map<String, String>> settings(String name) {
        return describe(name).map(Known::settings);
    }

    private Mono<Known> describe(String name) {
        Known cached = known.get(name);
        if (cached != null) {
            return Mono.just(cached);
        }
        URI uri = UriComponentsBuilder.fromUri(properties.url()).path("/api/v1/connections/{name}")
                .buildAndExpand(name).encode().toUri();
        return http.get().uri(uri).retrieve()
                .bodyToMono(Listed.class)
                .timeout(properties.timeout())
                .map(listed -> new Known(new ConnectionTarget(listed.name(), listed.type(), listed.upstream()),
                        listed.settings() == null ? Map.of() : Map.copyOf(listed.settings())))
                .doOnNext(entry -> known.put(name, entry))
                .onErrorResume(WebClientResponseException.class,
                        e -> e.getStatusCode() == HttpStatus.NOT_FOUND ? Mono.empty() : Mono.error(e))
                .onErrorMap(e -> !(e instanceof PolicyUnavailable),
                        e -> new PolicyUnavailable("no connection from policy-service: " + e.getClass().getSimpleName(), e));
    }

    /** A new policy version is active: every connection is read again. */
    void policyChanged() {
        known.clear();
    }

    /** The fields of policy-service's connection view the proxy uses. */
    private record Listed(String name, Protocol type, String upstream, Map<String, String> settings) {
    }

    private record Known(ConnectionTarget target, Map<String, String> settings) {
    }
}
