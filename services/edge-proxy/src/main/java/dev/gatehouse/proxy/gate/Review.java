package dev.gatehouse.proxy.gate;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.proxy.approval.ApprovalGate;
import dev.gatehouse.proxy.approval.ApprovalNotUsable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holding an operation for review, the same for every protocol (docs/architecture.md §5, docs/adapter-contract.md):
 * open the approval request, wait for its decision, apply the {@link ApprovalRule}, and withdraw the
 * approval when the caller went away before a decision. approval-service failures are
 * {@code ApprovalUnavailable}; a consume it refuses is {@link ApprovalRefused}.
 */
@Component
public class Review {

    private final ApprovalGate approvals;

    Review(ApprovalGate approvals) {
        this.approvals = approvals;
    }

    /**
     * Creates the approval request. The creation is not cut short when the caller goes away meanwhile
     * (cancelling the call would not undo it at approval-service): once created it is withdrawn.
     */
    public Mono<Approval> open(ApprovalRequest request) {
        return Mono.defer(() -> {
            Sinks.One<Approval> created = Sinks.one();
            approvals.request(request).subscribe(created::tryEmitValue, created::tryEmitError, created::tryEmitEmpty);
            return created.asMono().doOnCancel(() -> created.asMono()
                    .flatMap(approval -> withdraw(approval.id()))
                    .onErrorComplete()
                    .subscribe());
        });
    }

    /**
     * Waits up to {@code wait} for the approval's decision and applies the approval rule; an approval
     * still pending then is {@link ReviewOutcome.Undecided}. The numbers approval-service used go into
     * {@code session}. A caller that goes away while waiting withdraws the approval.
     */
    public Mono<ReviewOutcome> await(Approval approval, Duration wait, AuditSession session) {
        session.atLeast(approval.auditSeq());
        AtomicBoolean settled = new AtomicBoolean();
        return approvals.await(approval.id(), wait)
                .doOnEach(signal -> settled.set(true))
                .doOnCancel(() -> {
                    if (!settled.get()) {
                        withdraw(approval.id()).onErrorComplete().subscribe();
                    }
                })
                .doOnNext(decided -> session.atLeast(decided.auditSeq()))
                .map(ApprovalRule::decided)
                .defaultIfEmpty(new ReviewOutcome.Undecided(approval));
    }

    /**
     * Consumes the approval for an operation whose REQUEST event is already acknowledged; approval-service
     * reserves the run's numbers after {@code session}'s. Use {@link Gate#runApproved} when the REQUEST
     * is still to be written.
     */
    public Mono<Approval> consume(UUID approvalId, String fingerprint, CallerIdentity identity,
                                  AuditSession session) {
        return approvals.consume(approvalId, fingerprint, identity)
                .doOnNext(consumed -> session.atLeast(consumed.auditSeq()))
                .onErrorMap(ApprovalNotUsable.class, e -> new ApprovalRefused(ApprovalRule.notUsable(approvalId, e)));
    }

    /** The approval as approval-service has it, or empty when it does not know it. */
    public Mono<Approval> find(UUID approvalId) {
        return approvals.find(approvalId);
    }

    /** Withdraws a pending approval nobody will run (best effort: a decided one stays as it is). */
    public Mono<Void> withdraw(UUID approvalId) {
        return approvals.cancel(approvalId);
    }
}
