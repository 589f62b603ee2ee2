package dev.gatehouse.proxy.caller;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * Reads audit-service and policy-service with the proxy's own service token for a verified caller. The
 * answer's status and body are handed back as they are; the callers of this class decide what of it a CI
 * caller may see. Unreachable or slow: {@link CallerApiUnavailable} (the CLI reports it; nothing fails open,
 * since these endpoints only read).
 */
@Component
class InternalReader {

    record Reply(int status, String body) {
    }

    private final WebClient http;
    private final CallerApiProperties properties;

    InternalReader(@Qualifier("internalWebClient") WebClient http, CallerApiProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    Mono<Reply> get(URI uri) {
        return checked(http.get().uri(uri).exchangeToMono(InternalReader::reply));
    }

    Mono<Reply> post(URI uri, Object body) {
        return checked(http.post().uri(uri).bodyValue(body).exchangeToMono(InternalReader::reply));
    }

    private Mono<Reply> checked(Mono<Reply> call) {
        return call.timeout(properties.timeout())
                .onErrorMap(e -> new CallerApiUnavailable(e.getClass().getSimpleName()));
    }

    private static Mono<Reply> reply(org.springframework.web.reactive.function.client.ClientResponse response) {
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .map(body -> new Reply(response.statusCode().value(), body));
    }

    /** An internal service could not answer. */
    static final class CallerApiUnavailable extends RuntimeException {
        CallerApiUnavailable(String cause) {
            super("internal call failed: " + cause, null, false, false);
        }
    }
}
