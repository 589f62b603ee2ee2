package dev.gatehouse.proxy.gate;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.audit.AuditPublisher;
import dev.gatehouse.proxy.policy.PolicyClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The one place where a protocol adapter meets policy-service, approval-service and the audit trail
 * (docs/adapter-contract.md). It decides an {@link Operation} for a caller (through the decision
 * cache), records its events by one write-ahead rule, and runs an approved operation only after its
 * REQUEST event is acknowledged. Holding for review is {@link Review}. Failures are the dependencies'
 * own: {@code PolicyUnavailable}, {@code AuditNotAcknowledged}, {@code ApprovalUnavailable}; an
 * adapter answers each with its protocol's "unavailable" and never lets the operation through.
 */
@Component
public class Gate {

    /** The status of the DECISION saying that a REQUEST Kafka did not acknowledge in time did not run (HTTP's 503). */
    static final int NOT_RUN_STATUS = 503;

    private final PolicyClient policy;
    private final AuditPublisher audit;
    private final Review review;

    Gate(PolicyClient policy, AuditPublisher audit, Review review) {
        this.policy = policy;
        this.audit = audit;
        this.review = review;
    }

    /** A cached decision when one is valid, else policy-service's. */
    public Mono<Decision> decide(CallerIdentity identity, Operation operation) {
        return policy.decide(new DecisionRequest(identity, operation));
    }

    /**
     * The write-ahead rule: the REQUEST event is acknowledged by Kafka before the operation goes to its
     * target, except for an {@code ALLOW} whose rule says {@code audit: ASYNC} (reads) and that runs
     * under no approval: whatever runs under an approval is always write-ahead. Public so an adapter that
     * folds an after-the-fact REQUEST into its RESPONSE (PostgreSQL) asks the same rule.
     */
    public static boolean writeAhead(Decision decision, String approvalId) {
        return decision.audit() != AuditMode.ASYNC || decision.verdict() != Verdict.ALLOW || approvalId != null;
    }

    /** Records the REQUEST event as the write-ahead rule says; completes once the operation may run. */
    public Mono<Void> recordRequest(AuditEvent request, Decision decision) {
        return recordRequest(request, decision, null);
    }

    /**
     * As {@link #recordRequest(AuditEvent, Decision)}, going on on {@code resumeOn} once acknowledged: the
     * caller's own event loop (null: the parallel scheduler).
     */
    public Mono<Void> recordRequest(AuditEvent request, Decision decision, Executor resumeOn) {
        if (!writeAhead(decision, request.approvalId())) {
            return Mono.fromRunnable(() -> audit.publishAsync(request));
        }
        return (resumeOn == null ? audit.publish(request) : audit.publish(request, resumeOn))
                .onErrorResume(AuditNotAcknowledged.class, e -> notRun(request, e));
    }

    /**
     * Runs an approved operation: its REQUEST event (always write-ahead) first, then the approval is
     * consumed. A Kafka outage at that moment leaves the approval unspent for a retry.
     */
    public Mono<Void> runApproved(AuditEvent request, UUID approvalId, String fingerprint, CallerIdentity identity,
                                  AuditSession session) {
        return audit.publish(request).onErrorResume(AuditNotAcknowledged.class, e -> notRun(request, e))
                .then(Mono.defer(() -> review.consume(approvalId, fingerprint, identity, session))).then();
    }

    /**
     * A REQUEST event Kafka did not acknowledge in time may still have been stored (a timeout is not a
     * "no": the broker may have written it and the answer been lost, as a broker's failover shows). The
     * operation does not run; a DECISION event of the same step ({@link #notRunEvent}) says so, so the trail
     * never shows an allowed REQUEST without its outcome. Sent without holding the refusal: it reaches
     * Kafka when Kafka answers again, or the disk spool. The adapter still gets the error and refuses.
     */
    private Mono<Void> notRun(AuditEvent request, AuditNotAcknowledged error) {
        audit.publishAsync(notRunEvent(request));
        return Mono.error(error);
    }

    /**
     * The outcome of a REQUEST that did not run because it was not acknowledged: a DECISION with the
     * REQUEST's session, step ({@code seq}), operation and verdict, and status 503 (the caller was told the
     * service is unavailable), as a credential the vault could not give is recorded (docs/architecture.md §4).
     */
    static AuditEvent notRunEvent(AuditEvent request) {
        return new AuditEvent(Ids.uuidV7(), request.sessionId(), request.seq(), Instant.now(), AuditEventKind.DECISION,
                request.identity(), request.connection(), request.protocol(), request.operation(), request.verdict(),
                request.ruleId(), request.approvalId(), Map.of(), null, NOT_RUN_STATUS, null, request.policyVersion(),
                request.leaseId());
    }

    /**
     * Records that an operation stopped before its target (refused, or a dependency missing): a
     * DECISION event, awaited briefly and spooled when Kafka does not answer. Never fails: the
     * refusal goes out either way.
     */
    public Mono<Void> recordStop(AuditEvent decision) {
        return audit.publishDecision(decision);
    }

    /** A write-ahead event that is no operation (a session opening): completes once acknowledged. */
    public Mono<Void> recordWriteAhead(AuditEvent event) {
        return audit.publish(event);
    }

    /** An event after the fact (RESPONSE, a session's end): never holds the caller; spooled if need be. */
    public void recordAfter(AuditEvent event) {
        audit.publishAsync(event);
    }
}
