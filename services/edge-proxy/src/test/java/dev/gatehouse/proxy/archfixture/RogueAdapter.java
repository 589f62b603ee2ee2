package dev.gatehouse.proxy.archfixture;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.proxy.policy.PolicyClient;
import reactor.core.publisher.Mono;

/** A protocol adapter that asks policy-service itself: the architecture rule must reject it. */
public final class RogueAdapter {

    private final PolicyClient policy;

    public RogueAdapter(PolicyClient policy) {
        this.policy = policy;
    }

    public Mono<Decision> decide(DecisionRequest request) {
        return policy.decide(request);
    }
}
