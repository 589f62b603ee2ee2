package dev.gatehouse.approval.request;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ApprovalVote;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Instant;
import java.util.UUID;

/**
 * Reviewers' votes. Rules: only members of the request's reviewer group vote; the requester never
 * votes on its own request (same identity or same CI run); each reviewer votes once; one rejection
 * rejects, N approvals from distinct reviewers approve; nothing is decided once the request is no
 * longer pending (an overdue request counts as expired). The row lock serialises concurrent votes.
 */
@Service
class ReviewerVotes {

    private final ApprovalWorkflow workflow;
    private final ApprovalStore store;
    private final ApprovalEvents events;
    private final ApprovalWaiters waiters;
    private final ApprovalViews views;
    private final TransactionOperations transactions;

    ReviewerVotes(ApprovalWorkflow workflow, ApprovalStore store, ApprovalEvents events, ApprovalWaiters waiters,
                  ApprovalViews views, TransactionOperations transactions) {
        this.workflow = workflow;
        this.store = store;
        this.events = events;
        this.waiters = waiters;
        this.views = views;
        this.transactions = transactions;
    }

    Approval vote(UUID id, Actor reviewer, ApprovalStatus decision, String comment) {
        Outcome outcome = transactions.execute(status -> {
            Instant now = ApprovalViews.now();
            StoredApproval current = workflow.lockCurrent(id, now);
            if (!reviewer.groups().contains(current.reviewers())) {
                return Outcome.refused(new NotAReviewer(current.reviewers()));
            }
            if (reviewer.isRequesterOf(current.identity())) {
                return Outcome.refused(new SelfApproval());
            }
            if (current.status() != ApprovalStatus.PENDING) {
                return Outcome.refused(ApprovalAlreadyDecided.notPending(current.status()));
            }
            if (current.hasVoteOf(reviewer.identity())) {
                return Outcome.refused(ApprovalAlreadyDecided.secondVote(current.status()));
            }
            return Outcome.done(record(current, reviewer, decision, comment, now));
        });
        return views.view(outcome.orThrow());
    }

    private StoredApproval record(StoredApproval current, Actor reviewer, ApprovalStatus decision, String comment,
                                  Instant now) {
        ApprovalVote vote = new ApprovalVote(reviewer.identity().issuer(), reviewer.subject(), decision, comment, now);
        store.insertVote(current.id(), vote);
        StoredApproval voted = current.withVote(vote).withSeq(current.auditSeq() + 1);
        if (decision == ApprovalStatus.REJECTED) {
            voted = voted.decided(ApprovalStatus.REJECTED, now, voted.auditSeq());
        } else if (voted.approvals() >= voted.requiredApprovals()) {
            voted = voted.decided(ApprovalStatus.APPROVED, now, voted.auditSeq());
        }
        store.update(voted);
        events.decided(voted, reviewer.identity(), decision, comment, now);
        if (voted.status() != ApprovalStatus.PENDING) {
            events.concluded(voted, reviewer.subject(), comment);
            waiters.wakeAfterCommit(voted);
        }
        return voted;
    }
}
