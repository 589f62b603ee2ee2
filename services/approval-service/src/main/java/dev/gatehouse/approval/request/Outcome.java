package dev.gatehouse.approval.request;

import dev.gatehouse.support.ApiException;

/**
 * What a transaction decided: the changed request, or a refusal to throw after the commit. Refusals
 * are not thrown inside the transaction because some follow a change that must stay (an overdue
 * request is written down as expired, then the vote on it is refused).
 */
record Outcome(StoredApproval approval, ApiException refusal) {

    static Outcome done(StoredApproval approval) {
        return new Outcome(approval, null);
    }

    static Outcome refused(ApiException refusal) {
        return new Outcome(null, refusal);
    }

    StoredApproval orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return approval;
    }
}
