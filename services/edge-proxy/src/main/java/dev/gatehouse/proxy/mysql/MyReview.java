package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.gate.ReviewOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The MySQL form of a hold for review (the rules are the gate's {@code Review}): the approval is
 * requested for this exact statement and the statement waits for a decision, up to
 * {@code approval-wait}. MySQL has no message a server can send while a command runs, so the client
 * only sees the statement take long; the reviewer sees it in the dashboard. A rejection, expiry or
 * no decision in time is an ERR naming the approval.
 */
final class MyReview {

    /** How a review ended: {@code refusal} null when the statement may run under approval {@code approvalId}. */
    record Outcome(String refusal, UUID approvalId) {
    }

    private static final Logger log = LoggerFactory.getLogger(MyReview.class);

    private final MySession s;

    MyReview(MySession session) {
        this.s = session;
    }

    void hold(String sql, Decision decision, Consumer<Outcome> then) {
        MyContext context = s.context;
        String command = s.services.masking.audit().maskSql(sql, null).sql();
        ApprovalRequest request = new ApprovalRequest(context.sessionId, context.audit.last(), context.identity,
                context.connection, Protocol.MYSQL, new Operation(context.connection, Protocol.MYSQL, null, null, null,
                command, null), command, ApprovalFingerprint.sql(context.connection, sql), decision.ruleId(),
                decision.policyVersion(), decision.review());
        s.services.review.open(request)
                .flatMap(approval -> {
                    log.info("MySQL statement held for approval {} ({})", approval.id(), approval.url());
                    return s.services.review.await(approval, s.services.properties.approvalWait(), context.audit)
                            .map(outcome -> outcome(outcome, approval.id(), decision.ruleId()));
                })
                .subscribe(then, error -> {
                    log.warn("approval for a MySQL statement failed: {}", error.getClass().getSimpleName());
                    then.accept(new Outcome("Gatehouse cannot run the statement now: the approval service did not answer", null));
                });
    }

    private Outcome outcome(ReviewOutcome outcome, UUID id, String ruleId) {
        return switch (outcome) {
            case ReviewOutcome.Released released -> new Outcome(null, id);
            case ReviewOutcome.Refused refused -> new Outcome(refused.decided()
                    ? "approval " + id + " was " + refused.decidedStatus().name().toLowerCase(Locale.ROOT)
                    + " (Gatehouse policy rule " + ruleId + ")" + comment(refused.comment())
                    : "the approval cannot be used for this statement (" + refused.reason() + ", Gatehouse policy rule "
                    + ruleId + ")", id);
            case ReviewOutcome.Undecided undecided -> {
                s.services.review.withdraw(id).onErrorComplete().subscribe();
                yield new Outcome("no reviewer decided on approval " + id + " in time (Gatehouse policy rule " + ruleId
                        + ")", id);
            }
        };
    }

    private static String comment(String comment) {
        return comment == null || comment.isBlank() ? "" : ": " + comment;
    }
}
