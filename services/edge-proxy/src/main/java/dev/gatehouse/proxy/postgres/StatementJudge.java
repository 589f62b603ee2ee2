package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.approval.ApprovalNotUsable;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/**
 * Decides statements for a session and records them: the decision for a statement's text, the DECISION
 * event of a refusal, the REQUEST event of an allowed run (write-ahead unless the rule says async), and
 * the hold of a statement under review.
 */
final class StatementJudge {

    private static final Logger log = LoggerFactory.getLogger(StatementJudge.class);

    /** The outcome for a statement text: allowed (with its masking plan) or refused. */
    record Verdict(Decision decision, MaskingPlan plan, Refusal refusal, UUID approvalId) {
    }

    private final ClientSession s;
    private final ListenerServices services;
    private final StatementReview review;

    StatementJudge(ClientSession session) {
        this.s = session;
        this.services = session.services;
        this.review = new StatementReview(session);
    }

    Mono<Verdict> judge(String sql) {
        SessionContext context = s.context;
        return services.policy.decide(new DecisionRequest(context.identity, Operation.sql(context.connection, sql)))
                .flatMap(decision -> movedUpstream(decision) ? refuse(sql, decision, MOVED) : switch (decision.verdict()) {
                    case ALLOW -> Mono.just(allowed(decision, null));
                    case DENY -> refuse(sql, decision, Refusal.denied(decision.ruleId()));
                    case REVIEW -> review.hold(sql, decision).flatMap(outcome -> outcome.refusal() == null
                            ? Mono.just(allowed(decision, outcome.approvalId()))
                            : refuse(sql, decision, outcome.refusal()));
                });
    }

    /** A statement Gatehouse refuses by its own rule, whatever the policy says; recorded as a DECISION. */
    Mono<Verdict> refusedByGatehouse(String sql, Refusal refusal) {
        return refuse(sql, new Decision(dev.gatehouse.model.Verdict.DENY, PinnedSettings.RULE, refusal.message(),
                dev.gatehouse.model.AuditMode.WRITE_AHEAD, null), refusal);
    }

    /**
     * A statement approved once is run again (a second Bind of the same prepared statement): its approval
     * is consumed again, which a re-use window allows for the same fingerprint and a one-time approval
     * refuses; then the statement is decided (and reviewed) afresh, as a new command would be.
     */
    Mono<Verdict> approvedAgain(Prepared statement) {
        SessionContext context = s.context;
        return services.approvals.consume(statement.approvalId, ApprovalFingerprint.sql(context.connection,
                        statement.sql), context.identity)
                .doOnNext(consumed -> context.seqAtLeast(consumed.auditSeq()))
                .map(consumed -> new Verdict(statement.decision, statement.plan, null, statement.approvalId))
                .onErrorResume(ApprovalNotUsable.class, e -> judge(statement.sql));
    }

    private static final Refusal MOVED = new Refusal(SqlState.CANNOT_CONNECT_NOW,
            "the connection's upstream changed since this session opened: reconnect");

    /** A decision for another upstream than the one this session is connected to cannot be honoured here. */
    private boolean movedUpstream(Decision decision) {
        if (decision.target() == null || decision.target().upstream() == null || s.address == null
                || decision.target().upstream().equals(s.upstreamText)) {
            return false; // every statement of an unchanged policy: no parsing on the hot path
        }
        try {
            return !UpstreamAddress.parse(decision.target().upstream(), s.context.connection).equals(s.address);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private Verdict allowed(Decision decision, UUID approvalId) {
        return new Verdict(decision, services.masking.plan(decision.masking()), null, approvalId);
    }

    private Mono<Verdict> refuse(String sql, Decision decision, Refusal refusal) {
        s.context.statements++;
        return services.audit.publishDecision(services.events.refused(s.context, sql, decision))
                .thenReturn(new Verdict(decision, null, refusal, null));
    }

    /** The REQUEST event of a run about to go upstream; completes once it is recorded as the rule asks. */
    Mono<Execution> request(String sql, List<String> parameters, Decision decision, UUID approvalId) {
        s.context.statements++;
        Execution execution = new Execution(sql, decision, approvalId);
        AuditEvent event = services.events.request(s.context, sql, parameters, decision, approvalId);
        if (decision.audit() == AuditMode.ASYNC && decision.verdict() == dev.gatehouse.model.Verdict.ALLOW) {
            services.audit.publishAsync(event);
            return Mono.just(execution);
        }
        return services.audit.publish(event).thenReturn(execution);
    }

    Refusal unavailable(Throwable error) {
        if (error instanceof PolicyUnavailable) {
            log.warn("{}", error.getMessage());
            return Refusal.unavailable("the policy service did not answer");
        }
        if (error instanceof AuditNotAcknowledged) {
            log.warn("{}", error.getMessage());
            return Refusal.unavailable("the audit trail did not acknowledge the statement");
        }
        log.warn("statement could not be handled: {}", error.toString());
        return Refusal.unavailable("internal error");
    }
}
