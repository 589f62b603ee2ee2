package dev.gatehouse.proxy.gate;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;

import java.util.UUID;

/**
 * How a hold for review ended, the same for every protocol (docs/adapter-contract.md, "Approvals").
 * Only {@link Released} lets the operation go on, and even then it runs only once approval-service
 * consumed the approval for it, after its REQUEST event was acknowledged.
 */
public sealed interface ReviewOutcome {

    UUID approvalId();

    /** A reviewer approved it: run it under this approval, which is consumed right before it runs. */
    record Released(UUID approvalId) implements ReviewOutcome {
    }

    /**
     * The approval cannot run this operation. {@code reason}: {@code rejected}, {@code expired},
     * {@code cancelled} (a decision: no retry with this approval can succeed), or approval-service's
     * refusal of the consume ({@code already-used}, {@code different-command}, {@code different-caller},
     * {@code not-approved}, {@code unknown}). {@code status} and {@code comment} when known.
     */
    record Refused(UUID approvalId, String reason, ApprovalStatus status, String comment) implements ReviewOutcome {

        /** Rejected, expired or cancelled: the approval itself says no, not its use here. */
        public boolean decided() {
            return "rejected".equals(reason) || "expired".equals(reason) || "cancelled".equals(reason)
                    || status == ApprovalStatus.REJECTED || status == ApprovalStatus.EXPIRED
                    || status == ApprovalStatus.CANCELLED;
        }

        /** The status to show for a decided refusal. */
        public ApprovalStatus decidedStatus() {
            if (status == ApprovalStatus.REJECTED || status == ApprovalStatus.EXPIRED
                    || status == ApprovalStatus.CANCELLED) {
                return status;
            }
            return "expired".equals(reason) ? ApprovalStatus.EXPIRED
                    : "cancelled".equals(reason) ? ApprovalStatus.CANCELLED : ApprovalStatus.REJECTED;
        }
    }

    /** No decision within the wait: the caller may come back with the approval. */
    record Undecided(Approval approval) implements ReviewOutcome {

        @Override
        public UUID approvalId() {
            return approval.id();
        }
    }
}
