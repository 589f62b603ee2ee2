package dev.gatehouse.audit.dashboard.approvals;

/**
 * approval-service refused or could not be reached. {@code detail} is what a reviewer may read: the
 * problem's detail when the service sent one, a fixed sentence otherwise. Never carries the token.
 */
class ApprovalServiceError extends RuntimeException {

    private final int status;

    ApprovalServiceError(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
