package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Optional;

/**
 * Which proxied connections are Kubernetes clusters, and their settings: read from the connection
 * directory, which keeps them until the next policy change (a map lookup per request; one round trip
 * to policy-service per connection and policy version). A failure to read it is the caller's to refuse:
 * a Kubernetes request must never pass without its impersonation and its Impersonate-* check.
 */
@Component
public class KubernetesConnections {

    private final ConnectionDirectory directory;

    KubernetesConnections(ConnectionDirectory directory) {
        this.directory = directory;
    }

    /** The connection when it is of type {@code kubernetes}, empty for any other (or unknown) connection. */
    public Mono<Optional<KubernetesConnection>> find(String connection) {
        return directory.find(connection)
                .filter(target -> target.protocol() == Protocol.KUBERNETES)
                .flatMap(target -> directory.settings(connection))
                .map(settings -> Optional.of(KubernetesConnection.of(connection, settings)))
                .defaultIfEmpty(Optional.empty());
    }
}
