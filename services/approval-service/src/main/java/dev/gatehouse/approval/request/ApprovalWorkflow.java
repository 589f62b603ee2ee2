package dev.gatehouse.approval.request;

import dev.gatehouse.approval.notify.Notifications;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ReviewSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The life of an approval request outside the reviewers' votes: creation, cancellation and expiry.
 * Every change runs under the request's row lock and writes its events in the same transaction.
 */
@Service
class ApprovalWorkflow {

    private final ApprovalStore store;
    private final ApprovalEvents events;
    private final ApprovalWaiters waiters;
    private final ApprovalViews views;
    private final Notifications notifications;
    private final TransactionOperations transactions;
    private final RequestValidator validator;
    private final JsonMapper json;

    ApprovalWorkflow(ApprovalStore store, ApprovalEvents events, ApprovalWaiters waiters, ApprovalViews views,
                     Notifications notifications, TransactionOperations transactions, RequestValidator validator,
                     JsonMapper json) {
        this.store = store;
        this.events = events;
        this.waiters = waiters;
        this.views = views;
        this.notifications = notifications;
        this.transactions = transactions;
        this.validator = validator;
        this.json = json;
    }

    Approval create(ApprovalRequest request) {
        validator.check(request);
        ReviewSettings review = request.review();
        Instant now = ApprovalViews.now();
        StoredApproval approval = new StoredApproval(UUID.randomUUID(), ApprovalStatus.PENDING, request.sessionId(),
                request.identity(), request.connection(),
                request.protocol() != null ? request.protocol()
                        : request.operation() == null ? null : request.operation().protocol(),
                request.operation() == null ? null : json.writeValueAsString(request.operation()), request.command(),
                request.fingerprint(), request.ruleId(), request.policyVersion(), review.reviewers(),
                review.approvals(), review.window(), review.channels(), now, now.plus(review.expiry()), null, null,
                null, request.seq() + 1, List.of());
        transactions.executeWithoutResult(status -> {
            store.insert(approval);
            events.requested(approval);
        });
        Approval view = views.view(approval);
        notifications.announce(view, review.channels());
        return view;
    }

    Approval cancel(UUID id, Actor actor) {
        Outcome outcome = transactions.execute(status -> {
            Instant now = ApprovalViews.now();
            StoredApproval current = lockCurrent(id, now);
            if (current.status() != ApprovalStatus.PENDING) {
                return Outcome.refused(ApprovalAlreadyDecided.notPending(current.status()));
            }
            StoredApproval cancelled = current.decided(ApprovalStatus.CANCELLED, now, current.auditSeq() + 1);
            conclude(cancelled, actor.identity(), actor.subject());
            return Outcome.done(cancelled);
        });
        return views.view(outcome.orThrow());
    }

    /** Writes down the expiry of an overdue request; false when it was decided meanwhile. */
    boolean expire(UUID id) {
        return Boolean.TRUE.equals(transactions.execute(status -> store.lock(id)
                .filter(current -> current.status() == ApprovalStatus.PENDING)
                .map(current -> expireIfOverdue(current, ApprovalViews.now()).status() == ApprovalStatus.EXPIRED)
                .orElse(false)));
    }

    /**
     * The request locked for this transaction, with an overdue pending request expired first: nothing
     * may be decided on a request past its deadline, even when the sweeper has not come by yet.
     */
    StoredApproval lockCurrent(UUID id, Instant now) {
        return expireIfOverdue(store.lock(id).orElseThrow(() -> new ApprovalNotFound(id)), now);
    }

    private StoredApproval expireIfOverdue(StoredApproval current, Instant now) {
        if (current.status() == ApprovalStatus.PENDING && current.effectiveStatus(now) == ApprovalStatus.EXPIRED) {
            StoredApproval expired = current.decided(ApprovalStatus.EXPIRED, now, current.auditSeq() + 1);
            conclude(expired, ApprovalEvents.SERVICE, ApprovalEvents.SERVICE.subject());
            return expired;
        }
        return current;
    }

    /**
     * Stores an expiry or a cancellation by {@code by}: its audit event and its ApprovalDecided, neither
     * with a comment because no reviewer made one.
     */
    private void conclude(StoredApproval decided, CallerIdentity by, String decidedBy) {
        store.update(decided);
        events.decided(decided, by, decided.status(), null, decided.decidedAt());
        events.concluded(decided, decidedBy, null);
        waiters.wakeAfterCommit(decided);
    }
}
