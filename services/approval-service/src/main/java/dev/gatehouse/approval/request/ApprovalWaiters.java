package dev.gatehouse.approval.request;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-polls on {@code /wait}: no request thread is parked. A waiter is answered as soon as the
 * request is decided here (after the commit), when the periodic re-check sees a decision another
 * replica made or an expiry, or with the current state when its timeout passes.
 */
@Component
class ApprovalWaiters {

    private static final Logger log = LoggerFactory.getLogger(ApprovalWaiters.class);

    private final Map<UUID, Set<DeferredResult<Approval>>> waiting = new ConcurrentHashMap<>();
    private final ApprovalStore store;
    private final ApprovalViews views;

    ApprovalWaiters(ApprovalStore store, ApprovalViews views) {
        this.store = store;
        this.views = views;
    }

    DeferredResult<Approval> await(UUID id, Duration timeout) {
        DeferredResult<Approval> result = new DeferredResult<>(timeout.toMillis());
        // Registered before the first look, so a decision in between is not missed.
        waiting.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(result);
        result.onCompletion(() -> forget(id, result));
        result.onTimeout(() -> answerFromStore(id, result));
        result.onError(error -> forget(id, result));
        Approval current;
        try {
            current = views.find(id);
        } catch (RuntimeException e) {
            forget(id, result);
            throw e;
        }
        if (current.status() != ApprovalStatus.PENDING) {
            result.setResult(current);
        }
        return result;
    }

    /** Answers the request's waiters with {@code decided} once the transaction deciding it commits. */
    void wakeAfterCommit(StoredApproval decided) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake(decided.id(), views.view(decided));
            }
        });
    }

    @Scheduled(fixedDelayString = "${gatehouse.approval.wait.recheck-interval:1s}")
    void recheck() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            for (UUID id : store.settled(List.copyOf(waiting.keySet()))) {
                wake(id, views.find(id));
            }
        } catch (RuntimeException e) {
            log.warn("re-checking awaited approvals failed, trying again: {}", e.getClass().getSimpleName());
        }
    }

    private void wake(UUID id, Approval approval) {
        Set<DeferredResult<Approval>> results = waiting.remove(id);
        if (results != null) {
            results.forEach(result -> result.setResult(approval));
        }
    }

    private void answerFromStore(UUID id, DeferredResult<Approval> result) {
        try {
            result.setResult(views.find(id));
        } catch (RuntimeException e) {
            result.setErrorResult(e);
        }
    }

    private void forget(UUID id, DeferredResult<Approval> result) {
        waiting.computeIfPresent(id, (key, results) -> {
            results.remove(result);
            return results.isEmpty() ? null : results;
        });
    }
}
