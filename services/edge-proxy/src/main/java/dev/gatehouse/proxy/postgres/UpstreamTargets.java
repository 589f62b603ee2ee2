package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The upstream a session of a postgres connection dials, looked up in the active policy's connections
 * when the session opens (before any statement is decided). Every statement is still decided on its own,
 * and a decision that names another upstream than the session's is refused.
 */
@Component
class UpstreamTargets {

    private final ConnectionDirectory connections;

    UpstreamTargets(ConnectionDirectory connections) {
        this.connections = connections;
    }

    /** The upstream, or empty when the active policy has no PostgreSQL connection of that name. */
    Mono<String> upstream(String connection) {
        return connections.find(connection)
                .filter(target -> target.protocol() == Protocol.POSTGRES && target.upstream() != null)
                .map(target -> target.upstream());
    }
}
