package dev.gatehouse.proxy.vault;

import dev.gatehouse.model.Lease;
import dev.gatehouse.model.LeaseRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;

/** {@code POST /api/v1/leases} on the credential-vault, with the proxy's own token. */
@Component
class VaultClient {

    private final WebClient http;
    private final VaultProperties properties;
    private final URI leases;

    VaultClient(@Qualifier("internalWebClient") WebClient http, VaultProperties properties) {
        this.http = http;
        this.properties = properties;
        this.leases = UriComponentsBuilder.fromUri(properties.url()).path("/api/v1/leases").build().toUri();
    }

    Mono<Lease> lease(String connection) {
        // Error bodies are never read or logged: only the status class reaches the exception.
        return http.post().uri(leases).bodyValue(new LeaseRequest(connection))
                .retrieve()
                .bodyToMono(Lease.class)
                .timeout(properties.timeout())
                .filter(lease -> lease.credential() != null)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("lease without a credential")))
                .onErrorMap(e -> new VaultUnavailable("no lease for connection " + connection + ": "
                        + e.getClass().getSimpleName(), e));
    }
}
