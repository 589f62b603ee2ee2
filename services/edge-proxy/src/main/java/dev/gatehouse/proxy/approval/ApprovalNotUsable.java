package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.ApprovalStatus;

/**
 * approval-service refused to let an approval run this operation (409 {@code approval-not-usable}):
 * {@code reason} is one of {@code different-command}, {@code different-caller}, {@code not-approved},
 * {@code already-used}, {@code rejected}, {@code expired} (or {@code unknown} for an id it does not
 * know); {@code status} the approval's status when given; {@code comment} the deciding reviewer's.
 */
public final class ApprovalNotUsable extends RuntimeException {

    private final String reason;
    private final ApprovalStatus status;
    private final String comment;

    public ApprovalNotUsable(String reason, ApprovalStatus status, String comment) {
        super("approval not usable: " + reason, null, false, false);
        this.reason = reason;
        this.status = status;
        this.comment = comment;
    }

    public String reason() {
        return reason;
    }

    /** The approval's status, or {@code null} when approval-service did not say. */
    public ApprovalStatus status() {
        return status;
    }

    /** The deciding reviewer's comment, or {@code null}. */
    public String comment() {
        return comment;
    }

    /** A rejection, an expiry or a cancellation: no retry with this approval can succeed. */
    public boolean refused() {
        return "rejected".equals(reason) || "expired".equals(reason) || status == ApprovalStatus.REJECTED
                || status == ApprovalStatus.EXPIRED || status == ApprovalStatus.CANCELLED;
    }
}
