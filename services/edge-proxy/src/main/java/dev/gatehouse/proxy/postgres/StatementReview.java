package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.approval.ApprovalNotUsable;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * Holds a statement under review (DESIGN.md §5): the approval is requested for this exact statement,
 * the client gets a NOTICE with its URL while it waits (the session reads nothing meanwhile), and the
 * statement runs only once the approval is granted and consumed for its fingerprint.
 */
final class StatementReview {

    /** How a review ended: {@code refusal} null when the statement may run under approval {@code approvalId}. */
    record Outcome(Refusal refusal, UUID approvalId) {
    }

    private static final Logger log = LoggerFactory.getLogger(StatementReview.class);

    private final ClientSession s;

    StatementReview(ClientSession session) {
        this.s = session;
    }

    Mono<Outcome> hold(String sql, Decision decision) {
        SessionContext context = s.context;
        String fingerprint = ApprovalFingerprint.sql(context.connection, sql);
        String command = context.writes.mask(sql, null, decision, s.services.masking).sql();
        ApprovalRequest request = new ApprovalRequest(context.sessionId, context.lastSeq(), context.identity,
                context.connection, Protocol.POSTGRES, Operation.sql(context.connection, command), command, fingerprint,
                decision.ruleId(), decision.policyVersion(), decision.review());
        return s.services.approvals.request(request)
                .flatMap(approval -> waitFor(approval, fingerprint, decision))
                .onErrorResume(error -> {
                    log.warn("approval for a statement failed: {}", error.getClass().getSimpleName());
                    return Mono.just(new Outcome(error instanceof ApprovalNotUsable
                            ? new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "the approval cannot be used for this statement (Gatehouse policy rule "
                            + decision.ruleId() + ")")
                            : Refusal.unavailable("the approval service did not answer"), null));
                });
    }

    private Mono<Outcome> waitFor(Approval approval, String fingerprint, Decision decision) {
        UUID id = approval.id();
        s.awaitingApproval = id;
        context().seqAtLeast(approval.auditSeq());
        s.client.writeAndFlush(PgWire.notice(s.client.alloc(), "Gatehouse: this statement needs an approval (policy rule "
                + decision.ruleId() + "); waiting for a reviewer at " + approval.url() + " (approval " + id + ")"));
        return s.services.approvals.await(id, s.services.properties.approvalWait())
                .flatMap(decided -> decided(decided, fingerprint, decision))
                .switchIfEmpty(Mono.defer(() -> s.services.approvals.cancel(id).onErrorComplete()
                        .thenReturn(new Outcome(new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "no reviewer decided on approval " + id
                                + " in time"), id))))
                .doFinally(signal -> s.awaitingApproval = null);
    }

    private Mono<Outcome> decided(ApprovalDecided decided, String fingerprint, Decision decision) {
        context().seqAtLeast(decided.auditSeq());
        if (decided.status() != ApprovalStatus.APPROVED) {
            // The reviewer's comment tells the agent why; a NUL would end the message's C string early.
            String why = decided.comment() == null || decided.comment().isBlank() ? ""
                    : ": " + decided.comment().replace('\0', ' ');
            return Mono.just(new Outcome(new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "approval " + decided.approvalId() + " was "
                    + decided.status().name().toLowerCase() + " (Gatehouse policy rule " + decision.ruleId() + ")" + why),
                    decided.approvalId()));
        }
        return s.services.approvals.consume(decided.approvalId(), fingerprint, context().identity)
                .doOnNext(consumed -> context().seqAtLeast(consumed.auditSeq()))
                .thenReturn(new Outcome(null, decided.approvalId()));
    }

    private SessionContext context() {
        return s.context;
    }
}
