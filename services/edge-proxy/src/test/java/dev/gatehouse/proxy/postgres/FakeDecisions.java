package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.proxy.masking.MaskingPlan;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The policy, review and audit as {@link StatementFlow} sees them, answered by the test: a unit test of
 * the flow alone (the real ones are proven end to end in the listener ITs). Each statement gets the next
 * verdict the test queued, at once or when the test completes its sink.
 */
final class FakeDecisions implements Decisions {

    static final Decision ALLOW = new Decision(Verdict.ALLOW, "allow-reads", "test", AuditMode.WRITE_AHEAD, null);

    final List<String> judged = new ArrayList<>();
    final List<Execution> requested = new ArrayList<>();
    private final List<Mono<StatementJudge.Verdict>> verdicts = new ArrayList<>();

    /** The next statement is allowed under {@code plan} (null: nothing masked). */
    FakeDecisions allow(MaskingPlan plan) {
        verdicts.add(Mono.just(new StatementJudge.Verdict(ALLOW, plan, null, null)));
        return this;
    }

    FakeDecisions refuse(Refusal refusal) {
        verdicts.add(Mono.just(new StatementJudge.Verdict(ALLOW, null, refusal, null)));
        return this;
    }

    /** The next statement's verdict comes when the test emits it. */
    Sinks.One<StatementJudge.Verdict> later() {
        Sinks.One<StatementJudge.Verdict> sink = Sinks.one();
        verdicts.add(sink.asMono());
        return sink;
    }

    @Override
    public Mono<StatementJudge.Verdict> judge(String sql) {
        judged.add(sql);
        return verdicts.remove(0);
    }

    @Override
    public Mono<StatementJudge.Verdict> refusedByGatehouse(String sql, Refusal refusal) {
        judged.add(sql);
        return Mono.just(new StatementJudge.Verdict(ALLOW, null, refusal, null));
    }

    @Override
    public Mono<StatementJudge.Run> runAgain(Prepared statement, List<String> parameters) {
        return judge(statement.sql).flatMap(verdict -> verdict.refusal() != null
                ? Mono.just(new StatementJudge.Run(null, verdict.refusal()))
                : request(statement.sql, parameters, verdict.decision(), verdict.approvalId())
                .map(execution -> new StatementJudge.Run(execution, null)));
    }

    @Override
    public Mono<Execution> request(String sql, List<String> parameters, Decision decision, UUID approvalId) {
        Execution execution = new Execution(sql, decision, approvalId);
        requested.add(execution);
        return Mono.just(execution);
    }

    @Override
    public Refusal unavailable(Throwable error) {
        return Refusal.unavailable("the policy service did not answer");
    }
}
