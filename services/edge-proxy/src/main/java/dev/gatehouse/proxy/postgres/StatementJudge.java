package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.gate.ApprovalRefused;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/**
 * The PostgreSQL side of the gate (docs/adapter-contract.md): a statement's text becomes an
 * {@link Operation} the gate decides; a refusal is recorded as a DECISION event, a run as a REQUEST event
 * by the gate's write-ahead rule, and a run under an approval consumes it only once that REQUEST event
 * is acknowledged.
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
        return services.gate.decide(context.identity, Operation.sql(context.connection, sql))
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

    /** One run of a Bind: its execution, or why it may not run. */
    record Run(Execution execution, Refusal refusal) {
    }

    /**
     * A statement approved once is run again (a second Bind of the same prepared statement): it runs under
     * its approval again, which a re-use window allows for the same fingerprint and a one-time approval
     * refuses; then the statement is decided (and reviewed) afresh, as a new command would be.
     */
    Mono<Run> runAgain(Prepared statement, List<String> parameters) {
        return request(statement.sql, parameters, statement.decision, statement.approvalId)
                .map(execution -> new Run(execution, null))
                .onErrorResume(StatementRefused.class, spent -> judge(statement.sql)
                        .flatMap(verdict -> verdict.refusal() != null
                                ? Mono.just(new Run(null, verdict.refusal()))
                                : request(statement.sql, parameters, verdict.decision(), verdict.approvalId())
                                .map(execution -> new Run(execution, null))));
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
        return services.gate.recordStop(services.events.refused(s.context, sql, decision))
                .thenReturn(new Verdict(decision, null, refusal, null));
    }

    /**
     * The REQUEST event of a run about to go upstream; completes once it is recorded as the gate's rule
     * asks. Under an approval the approval is consumed after that, and a refusal to consume it is a
     * {@link StatementRefused} (recorded as a DECISION event). A run the rule audits after the fact
     * ({@code ASYNC}, no approval) sends no REQUEST: it is folded into the run's RESPONSE, and the
     * answer is ready at once (no hop to another thread, no Kafka record before the statement).
     */
    Mono<Execution> request(String sql, List<String> parameters, Decision decision, UUID approvalId) {
        Execution now = folded(sql, parameters, decision, approvalId);
        if (now != null) {
            return Mono.just(now);
        }
        s.context.statements++;
        Execution execution = new Execution(sql, decision, approvalId);
        AuditEvent event = services.events.request(s.context, sql, parameters, decision, approvalId);
        execution.recordedSql = event.operation().statement();
        if (approvalId == null) {
            // goes on on the session's own event loop: the statement is written upstream from there
            return services.gate.recordRequest(event, decision, s.client.eventLoop()).thenReturn(execution);
        }
        SessionContext context = s.context;
        return services.gate.runApproved(event, approvalId, ApprovalFingerprint.sql(context.connection, sql),
                        context.identity, context.audit)
                .thenReturn(execution)
                .onErrorResume(ApprovalRefused.class, e -> refuse(sql, decision,
                        StatementReview.refusal(e.refusal(), decision.ruleId()))
                        .then(Mono.error(new StatementRefused(StatementReview.refusal(e.refusal(), decision.ruleId())))));
    }

    /**
     * A run recorded after the fact ({@code ASYNC}, no approval), folded into its RESPONSE: ready at once,
     * no REQUEST event. {@code null} when the gate's rule wants a REQUEST first.
     */
    Execution folded(String sql, List<String> parameters, Decision decision, UUID approvalId) {
        if (Gate.writeAhead(decision, approvalId == null ? null : approvalId.toString())) {
            return null;
        }
        s.context.statements++;
        return services.events.folded(s.context, sql, parameters, decision);
    }

    /** A run the gate stopped after it was decided; {@link #unavailable} answers it with its own refusal. */
    static final class StatementRefused extends RuntimeException {

        final Refusal refusal;

        StatementRefused(Refusal refusal) {
            super(refusal.message(), null, false, false);
            this.refusal = refusal;
        }
    }

    Refusal unavailable(Throwable error) {
        if (error instanceof StatementRefused refused) {
            return refused.refusal;
        }
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
