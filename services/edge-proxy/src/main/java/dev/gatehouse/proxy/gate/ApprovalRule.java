package dev.gatehouse.proxy.gate;

import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.approval.ApprovalNotUsable;

import java.util.Locale;
import java.util.UUID;

/**
 * The one approval rule of every protocol. A decision of {@code APPROVED} or {@code CONSUMED} releases
 * the held operation to be consumed; approval-service's consume is authoritative (it refuses an
 * already used one-time approval, and lets a re-use window run again), so the proxy never guesses
 * from a status it read earlier. {@code REJECTED}, {@code EXPIRED} and {@code CANCELLED} refuse.
 */
final class ApprovalRule {

    private ApprovalRule() {
    }

    static ReviewOutcome decided(ApprovalDecided decided) {
        ApprovalStatus status = decided.status();
        if (status == ApprovalStatus.APPROVED || status == ApprovalStatus.CONSUMED) {
            return new ReviewOutcome.Released(decided.approvalId());
        }
        String reason = status == null ? "rejected" : status.name().toLowerCase(Locale.ROOT);
        return new ReviewOutcome.Refused(decided.approvalId(), reason, status, decided.comment());
    }

    static ReviewOutcome.Refused notUsable(UUID approvalId, ApprovalNotUsable e) {
        return new ReviewOutcome.Refused(approvalId, e.reason(), e.status(), e.comment());
    }
}
