package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.policy.document.ActivePolicy;

/** Interim: being rewritten by the lead (compiled matcher). */
public final class PolicyEvaluator {

    private final long version;

    private PolicyEvaluator(long version) {
        this.version = version;
    }

    public static PolicyEvaluator empty() {
        return new PolicyEvaluator(0);
    }

    public static PolicyEvaluator compile(ActivePolicy policy) {
        return new PolicyEvaluator(policy.version());
    }

    public long version() {
        return version;
    }

    public Decision decide(DecisionRequest request) {
        return Decision.defaultDeny("not implemented yet", version);
    }
}
