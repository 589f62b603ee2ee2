package dev.gatehouse.approval.request;

import dev.gatehouse.approval.request.ApprovalNotUsable.Reason;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalConsumption;
import dev.gatehouse.model.ApprovalStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Instant;
import java.util.UUID;

/**
 * The proxy redeems an approval to run the approved command. Only the requester, only for the exact
 * fingerprint, only while approved and usable: a one-time approval becomes {@code CONSUMED} on first
 * use (and is usable for {@code gatehouse.approval.usable-for} after its decision); an approval with a
 * re-use window stays {@code APPROVED} until the window closes. The row lock makes two concurrent
 * redemptions of a one-time approval run one after the other, so the second sees it consumed. The
 * answer's {@code auditSeq} is the last sequence number used before this run; the run's own numbers
 * are reserved.
 */
@Service
class ApprovalRedemption {

    /** Audit events the proxy records for one run of an approved command: REQUEST and RESPONSE. */
    static final int RUN_EVENTS = 2;

    private final ApprovalWorkflow workflow;
    private final ApprovalStore store;
    private final ApprovalViews views;
    private final ApprovalProperties properties;
    private final TransactionOperations transactions;

    ApprovalRedemption(ApprovalWorkflow workflow, ApprovalStore store, ApprovalViews views,
                       ApprovalProperties properties, TransactionOperations transactions) {
        this.workflow = workflow;
        this.store = store;
        this.views = views;
        this.properties = properties;
        this.transactions = transactions;
    }

    Approval consume(UUID id, ApprovalConsumption use) {
        Outcome outcome = transactions.execute(status -> {
            Instant now = ApprovalViews.now();
            StoredApproval current = workflow.lockCurrent(id, now);
            ApprovalNotUsable refusal = refusal(current, use, now);
            if (refusal != null) {
                return Outcome.refused(refusal);
            }
            StoredApproval consumed = current.consumed(now);
            // The run gets the next RUN_EVENTS sequence numbers of the session (the proxy's REQUEST and
            // RESPONSE after auditSeq); storing them as used keeps a windowed approval's next run after them.
            store.update(consumed.withSeq(current.auditSeq() + RUN_EVENTS));
            return Outcome.done(consumed);
        });
        return views.view(outcome.orThrow());
    }

    private ApprovalNotUsable refusal(StoredApproval current, ApprovalConsumption use, Instant now) {
        ApprovalStatus status = current.status();
        if (!current.identity().issuer().equals(use.identity().issuer())
                || !current.identity().subject().equals(use.identity().subject())) {
            return new ApprovalNotUsable(Reason.DIFFERENT_CALLER, status, null);
        }
        if (!current.fingerprint().equals(use.fingerprint())) {
            return new ApprovalNotUsable(Reason.DIFFERENT_COMMAND, status, null);
        }
        return switch (status) {
            case PENDING, CANCELLED -> new ApprovalNotUsable(Reason.NOT_APPROVED, status, null);
            case REJECTED -> new ApprovalNotUsable(Reason.REJECTED, status, current.rejectingComment());
            case EXPIRED -> new ApprovalNotUsable(Reason.EXPIRED, status, null);
            case CONSUMED -> new ApprovalNotUsable(Reason.ALREADY_USED, status, null);
            case APPROVED -> now.isBefore(usableUntil(current)) ? null
                    : new ApprovalNotUsable(Reason.EXPIRED, status, null);
        };
    }

    private Instant usableUntil(StoredApproval approved) {
        return approved.oneTime() ? approved.decidedAt().plus(properties.usableFor()) : approved.windowUntil();
    }
}
