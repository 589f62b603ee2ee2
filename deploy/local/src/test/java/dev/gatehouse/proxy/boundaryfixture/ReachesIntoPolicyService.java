package dev.gatehouse.proxy.boundaryfixture;

import dev.gatehouse.policy.PolicyServiceApplication;
import dev.gatehouse.testkit.OidcIssuer;

/**
 * What {@code ServiceBoundariesTests} must refuse, kept in the proxy's package so the rules apply to it:
 * proxy code that imports policy-service's code and testkit. A test class, so the real rules never see it;
 * {@code ServiceBoundariesRulesTests} checks them against it.
 */
public final class ReachesIntoPolicyService {

    private ReachesIntoPolicyService() {
    }

    public static String policyServiceName() {
        return PolicyServiceApplication.class.getSimpleName() + OidcIssuer.class.getSimpleName();
    }
}
