package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalConsumption;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.CallerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.UUID;

/**
 * Holds operations for review, for the HTTP route and the PostgreSQL listener alike: creates approval
 * requests, waits for their decisions without blocking a thread, and consumes an approval to run
 * exactly the operation it was granted for. approval-service failures are {@link ApprovalUnavailable}.
 */
@Component
public class ApprovalGate {

    private static final Logger log = LoggerFactory.getLogger(ApprovalGate.class);

    private final ApprovalClient client;
    private final HeldApprovals held;

    ApprovalGate(ApprovalClient client, HeldApprovals held) {
        this.client = client;
        this.held = held;
    }

    /** Creates the approval request; approval-service answers with the pending approval. */
    public Mono<Approval> request(ApprovalRequest request) {
        return client.create(request);
    }

    /**
     * The approval's terminal decision ({@code APPROVED}, {@code REJECTED}, {@code EXPIRED},
     * {@code CANCELLED}, or {@code CONSUMED} when already used), or empty once {@code maxWait} passed.
     * The waiter is registered before the approval's current state is read, so a decision made just
     * before the call is not missed; decisions then come from Kafka and periodic re-reads.
     */
    public Mono<ApprovalDecided> await(UUID approvalId, Duration maxWait) {
        Duration wait = maxWait == null || maxWait.isNegative() ? Duration.ZERO : maxWait;
        return Mono.defer(() -> {
            Mono<ApprovalDecided> decided = held.hold(approvalId);
            Mono<ApprovalDecided> current = client.get(approvalId)
                    .doOnNext(held::observed)
                    .onErrorResume(e -> {
                        log.debug("state of approval {} not read: {}", approvalId, e.getMessage());
                        return Mono.empty();
                    })
                    .then(Mono.empty());
            return Flux.merge(decided, current).next()
                    .timeout(wait, Mono.empty())
                    .doFinally(signal -> held.release(approvalId));
        }).publishOn(Schedulers.parallel()); // a Kafka decision must not run the caller's work on the consumer thread
    }

    /**
     * Runs the approval now for this exact operation and caller; approval-service checks that it is
     * approved, bound to {@code fingerprint} and {@code identity}, and unused (or in its re-use window).
     * Refusals are {@link ApprovalNotUsable}, and so is an answer for another approval, operation or caller.
     */
    public Mono<Approval> consume(UUID approvalId, String fingerprint, CallerIdentity identity) {
        return client.consume(approvalId, new ApprovalConsumption(fingerprint, identity))
                .map(approval -> boundTo(approval, approvalId, fingerprint, identity));
    }

    // Defence in depth: what approval-service let run must be this approval, for this operation and caller.
    private static Approval boundTo(Approval approval, UUID approvalId, String fingerprint, CallerIdentity identity) {
        if (!approvalId.equals(approval.id()) || !fingerprint.equals(approval.fingerprint())) {
            throw new ApprovalNotUsable("different-command", approval.status(), null);
        }
        if (approval.identity() == null || !identity.issuer().equals(approval.identity().issuer())
                || !identity.subject().equals(approval.identity().subject())) {
            throw new ApprovalNotUsable("different-caller", approval.status(), null);
        }
        if (approval.status() != ApprovalStatus.CONSUMED && approval.status() != ApprovalStatus.APPROVED) {
            throw new ApprovalNotUsable("not-approved", approval.status(), null);
        }
        return approval;
    }

    /** The approval as approval-service has it now, or empty when it does not know it. */
    public Mono<Approval> find(UUID approvalId) {
        return client.get(approvalId);
    }

    /** Withdraws a pending approval whose requester went away. */
    public Mono<Void> cancel(UUID approvalId) {
        return client.cancel(approvalId);
    }
}
