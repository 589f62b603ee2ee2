package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.proxy.policy.PolicyClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream of each postgres connection, learned from the targets decisions carry. A session needs
 * it at connect time, before any statement: when no decision has named it yet, the probe statement is
 * decided for this caller only to read the target (the probe never runs).
 */
@Component
class UpstreamTargets {

    private final PolicyClient policy;
    private final PostgresProperties properties;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    UpstreamTargets(PolicyClient policy, PostgresProperties properties) {
        this.policy = policy;
        this.properties = properties;
    }

    /** The upstream, or empty when policy names none for this caller (nothing is allowed on it). */
    Mono<String> upstream(String connection, CallerIdentity identity) {
        String upstream = known.get(connection);
        if (upstream != null) {
            return Mono.just(upstream);
        }
        return policy.decide(new DecisionRequest(identity, Operation.sql(connection, properties.probeStatement())))
                .doOnNext(this::learn)
                .mapNotNull(decision -> decision.target() == null ? null : decision.target().upstream());
    }

    void learn(Decision decision) {
        if (decision.target() != null && decision.target().upstream() != null && decision.target().name() != null) {
            known.put(decision.target().name(), decision.target().upstream());
        }
    }
}
