package dev.gatehouse.proxy.vault;

import dev.gatehouse.model.Lease;
import dev.gatehouse.model.LeaseRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * The credential-vault's lease API, called with the proxy's own token: issue, renew, revoke. Error
 * bodies are never read or logged: only the exception's class reaches {@link VaultUnavailable}.
 */
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
        return lease(new LeaseRequest(connection)).map(VaultLease::toLease)
                .onErrorMap(IllegalStateException.class, e -> unavailable(connection, e));
    }

    Mono<VaultLease> lease(LeaseRequest request) {
        return http.post().uri(leases).bodyValue(request)
                .retrieve()
                .bodyToMono(VaultLease.class)
                .timeout(properties.timeout())
                .filter(lease -> lease.credential() != null && lease.expiresAt() != null)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("lease without a credential")))
                .onErrorMap(e -> !(e instanceof VaultUnavailable), e -> unavailable(request.connection(), e));
    }

    Mono<VaultLease.Status> renew(String leaseId) {
        return call(leaseId, "renew");
    }

    Mono<VaultLease.Status> revoke(String leaseId) {
        return call(leaseId, "revoke");
    }

    private Mono<VaultLease.Status> call(String leaseId, String action) {
        URI uri = UriComponentsBuilder.fromUri(leases).pathSegment(leaseId, action).build().toUri();
        return http.post().uri(uri).retrieve()
                .bodyToMono(VaultLease.Status.class)
                .timeout(properties.timeout())
                .onErrorMap(e -> new VaultUnavailable(action + " of lease " + leaseId + " failed: "
                        + e.getClass().getSimpleName(), e));
    }

    private static VaultUnavailable unavailable(String connection, Throwable e) {
        String reason = e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName();
        return new VaultUnavailable("no lease for connection " + connection + ": " + reason, e);
    }
}
