package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Decision;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/**
 * What {@link StatementFlow} asks of the policy, the review and the audit trail for one statement.
 * An interface so the flow can be tested on its own with decisions made up by the test; the session
 * wires it to {@link StatementJudge}.
 */
interface Decisions {

    /** The policy's verdict on a statement text, reviewed first when the rule says so. */
    Mono<StatementJudge.Verdict> judge(String sql);

    /** A statement Gatehouse refuses by its own rule; recorded as a DECISION. */
    Mono<StatementJudge.Verdict> refusedByGatehouse(String sql, Refusal refusal);

    /**
     * Another run (a second Bind) of a statement whose approval was used once: under that approval again
     * if it still allows a run, else decided (and reviewed) afresh.
     */
    Mono<StatementJudge.Run> runAgain(Prepared statement, List<String> parameters);

    /** The REQUEST event of a run about to go upstream; completes once recorded as the rule asks. */
    Mono<Execution> request(String sql, List<String> parameters, Decision decision, UUID approvalId);

    /**
     * A run whose rule records it after the fact, ready at once (its REQUEST folded into its RESPONSE);
     * {@code null} when it needs {@link #request} (write-ahead, an approval).
     */
    default Execution folded(String sql, List<String> parameters, Decision decision, UUID approvalId) {
        return null;
    }

    /** The refusal the client gets when deciding or recording failed. */
    Refusal unavailable(Throwable error);

    static Decisions of(StatementJudge judge) {
        return new Decisions() {
            @Override
            public Mono<StatementJudge.Verdict> judge(String sql) {
                return judge.judge(sql);
            }

            @Override
            public Mono<StatementJudge.Verdict> refusedByGatehouse(String sql, Refusal refusal) {
                return judge.refusedByGatehouse(sql, refusal);
            }

            @Override
            public Mono<StatementJudge.Run> runAgain(Prepared statement, List<String> parameters) {
                return judge.runAgain(statement, parameters);
            }

            @Override
            public Mono<Execution> request(String sql, List<String> parameters, Decision decision, UUID approvalId) {
                return judge.request(sql, parameters, decision, approvalId);
            }

            @Override
            public Execution folded(String sql, List<String> parameters, Decision decision, UUID approvalId) {
                return judge.folded(sql, parameters, decision, approvalId);
            }

            @Override
            public Refusal unavailable(Throwable error) {
                return judge.unavailable(error);
            }
        };
    }
}
