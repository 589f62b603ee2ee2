package dev.gatehouse.proxy.gate;

/** approval-service would not let this approval run the operation; nothing ran. */
public final class ApprovalRefused extends RuntimeException {

    private final ReviewOutcome.Refused refusal;

    ApprovalRefused(ReviewOutcome.Refused refusal) {
        super("approval " + refusal.approvalId() + " not usable: " + refusal.reason(), null, false, false);
        this.refusal = refusal;
    }

    public ReviewOutcome.Refused refusal() {
        return refusal;
    }
}
