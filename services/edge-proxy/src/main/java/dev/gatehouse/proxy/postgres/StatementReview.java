package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Decision;
import reactor.core.publisher.Mono;

/** Holds a statement under review until a reviewer decides (see {@link #hold}). */
final class StatementReview {

    static final Refusal APPROVED = new Refusal(null, null);

    private final ClientSession s;

    StatementReview(ClientSession session) {
        this.s = session;
    }

    /** {@link #APPROVED}, or the refusal to send. */
    Mono<Refusal> hold(String sql, Decision decision) {
        return s.services.audit.publishDecision(s.services.events.refused(s.context, sql, decision))
                .thenReturn(new Refusal("42501", "statement needs an approval (Gatehouse policy rule "
                        + decision.ruleId() + ") and approvals are not available"));
    }
}
