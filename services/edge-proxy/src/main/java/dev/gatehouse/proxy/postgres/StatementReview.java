package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.gate.ReviewOutcome;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL form of a hold for review (docs/architecture.md §5; the rules are the gate's {@code Review}):
 * the approval is requested for this exact statement, the client gets a NOTICE with its URL while it
 * waits (the session reads nothing meanwhile), and a released statement runs under the approval,
 * which {@link StatementJudge#request} consumes once the statement's REQUEST event is acknowledged.
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
        ApprovalRequest request = new ApprovalRequest(context.sessionId, context.audit.last(), context.identity,
                context.connection, Protocol.POSTGRES, Operation.sql(context.connection, command), command, fingerprint,
                decision.ruleId(), decision.policyVersion(), decision.review());
        return s.services.review.open(request)
                .flatMap(approval -> waitFor(approval, decision))
                .onErrorResume(error -> {
                    log.warn("approval for a statement failed: {}", error.getClass().getSimpleName());
                    return Mono.just(new Outcome(Refusal.unavailable("the approval service did not answer"), null));
                });
    }

    private Mono<Outcome> waitFor(Approval approval, Decision decision) {
        UUID id = approval.id();
        s.awaitingApproval = id;
        if (!s.client.isActive()) {
            // The client left while the approval was being created: set before this look, so either the
            // session's close or this line withdraws it, never neither.
            s.awaitingApproval = null;
            return s.services.review.withdraw(id).onErrorComplete()
                    .thenReturn(new Outcome(new Refusal(SqlState.CONNECTION_FAILURE, "the client went away"), id));
        }
        s.client.writeAndFlush(PgWire.notice(s.client.alloc(), "Gatehouse: this statement needs an approval (policy rule "
                + decision.ruleId() + "); waiting for a reviewer at " + approval.url() + " (approval " + id + ")"));
        return s.services.review.await(approval, s.services.properties.approvalWait(), s.context.audit)
                .flatMap(outcome -> switch (outcome) {
                    case ReviewOutcome.Released released -> Mono.just(new Outcome(null, id));
                    case ReviewOutcome.Refused refused -> Mono.just(new Outcome(refusal(refused, decision.ruleId()), id));
                    case ReviewOutcome.Undecided undecided -> s.services.review.withdraw(id).onErrorComplete()
                            .thenReturn(new Outcome(new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "no reviewer decided on approval " + id
                                    + " in time"), id));
                })
                .doFinally(signal -> s.awaitingApproval = null);
    }

    /** The ErrorResponse of an approval that cannot run the statement: the same cases as HTTP's 403s. */
    static Refusal refusal(ReviewOutcome.Refused refused, String ruleId) {
        if (!refused.decided()) {
            return new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "the approval cannot be used for this statement (" + refused.reason()
                    + ", Gatehouse policy rule " + ruleId + ")");
        }
        // The reviewer's comment tells the agent why; a NUL would end the message's C string early.
        String why = refused.comment() == null || refused.comment().isBlank() ? ""
                : ": " + refused.comment().replace('\0', ' ');
        return new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "approval " + refused.approvalId() + " was "
                + refused.decidedStatus().name().toLowerCase(Locale.ROOT) + " (Gatehouse policy rule " + ruleId + ")"
                + why);
    }
}
