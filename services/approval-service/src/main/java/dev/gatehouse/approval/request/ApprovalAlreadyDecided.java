package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** A vote or a cancellation on a request that is no longer pending, or a reviewer's second vote. */
class ApprovalAlreadyDecided extends ApiException {

    ApprovalAlreadyDecided(String detail, ApprovalStatus status) {
        super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, detail);
        getBody().setProperty("approvalStatus", status.name());
    }

    static ApprovalAlreadyDecided notPending(ApprovalStatus status) {
        return new ApprovalAlreadyDecided("the approval request is " + status + ", no longer PENDING", status);
    }

    static ApprovalAlreadyDecided secondVote(ApprovalStatus status) {
        return new ApprovalAlreadyDecided("this reviewer has already voted on the approval request", status);
    }
}
