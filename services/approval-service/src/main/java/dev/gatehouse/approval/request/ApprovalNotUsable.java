package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A refused consumption. Problem extensions: {@code reason}, stable for the proxy to act on;
 * {@code approvalStatus} (not {@code status}, which RFC 9457 reserves for the HTTP status); and for a
 * rejection the reviewer's {@code comment}, so the caller learns why.
 */
class ApprovalNotUsable extends ApiException {

    enum Reason {
        DIFFERENT_COMMAND("different-command", "the approval is for another command"),
        DIFFERENT_CALLER("different-caller", "the approval was requested by another caller"),
        NOT_APPROVED("not-approved", "the approval request is not approved"),
        ALREADY_USED("already-used", "the approval has already been used"),
        REJECTED("rejected", "the approval request was rejected"),
        EXPIRED("expired", "the approval has expired");

        final String code;
        final String detail;

        Reason(String code, String detail) {
            this.code = code;
            this.detail = detail;
        }
    }

    final Reason reason;

    ApprovalNotUsable(Reason reason, ApprovalStatus status, String comment) {
        super(HttpStatus.CONFLICT, ProblemTypes.APPROVAL_NOT_USABLE, reason.detail);
        this.reason = reason;
        getBody().setProperty("reason", reason.code);
        getBody().setProperty("approvalStatus", status.name());
        if (comment != null) {
            getBody().setProperty("comment", comment);
        }
    }
}
