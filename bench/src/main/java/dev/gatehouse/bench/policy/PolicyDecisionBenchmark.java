package dev.gatehouse.bench.policy;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.policy.decision.PolicyEvaluator;
import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.ActivePolicy;
import dev.gatehouse.policy.document.ConnectionSpec;
import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.document.PolicyDocument;
import dev.gatehouse.policy.document.RuleSpec;
import dev.gatehouse.policy.document.SubjectMatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decision time of the compiled policy at 10, 100 and 1,000 rules, in-process (target: p99 < 50 µs
 * at 1,000 rules). Worst case on purpose: every rule covers the connection being decided, so nothing
 * is pruned by connection; a tenth of them carry a CEL condition, deny rules are scanned in full
 * before the allow rule that decides is reached. The SQL case includes classifying the statement.
 * SampleTime mode prints the percentiles: read p0.99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyDecisionBenchmark {

    @Param({"10", "100", "1000"})
    int rules;

    private PolicyEvaluator evaluator;
    private DecisionRequest httpRequest;
    private DecisionRequest sqlRequest;

    @Setup(Level.Trial)
    public void compile() {
        evaluator = PolicyEvaluator.compile(new ActivePolicy(1, document(rules), "bench", Instant.now()));
        CallerIdentity identity = new CallerIdentity("https://token.actions.githubusercontent.com",
                "repo:acme/app:ref:refs/heads/release/1.4",
                Map.of("repository", "acme/app", "ref", "refs/heads/release/1.4", "environment", "production",
                        "run_id", "9001", "groups", List.of("ci")));
        httpRequest = new DecisionRequest(identity, Operation.http("api", "GET", "/api/orders/7", "page=2")
                .withHeaders(Map.of("accept", "application/json", "user-agent", "agent/1.0")));
        sqlRequest = new DecisionRequest(identity, Operation.sql("db",
                "SELECT o.id, o.total FROM public.orders o WHERE o.customer_id = 42 ORDER BY o.id LIMIT 10"));
        check(evaluator.decide(httpRequest));
        check(evaluator.decide(sqlRequest));
    }

    @Benchmark
    public Decision httpDecision() {
        return evaluator.decide(httpRequest);
    }

    @Benchmark
    public Decision sqlDecisionIncludingClassification() {
        return evaluator.decide(sqlRequest);
    }

    private static void check(Decision decision) {
        if (!decision.ruleId().startsWith("allow-reads")) {
            throw new IllegalStateException("benchmark policy decided " + decision.ruleId() + ": " + decision.reason());
        }
    }

    /** {@code count} rules: mostly deny/review rules that do not match, then the allow rules that do. */
    static PolicyDocument document(int count) {
        List<RuleSpec> specs = new ArrayList<>();
        for (int i = 0; i < count - 2; i++) {
            SubjectMatch subject = i % 10 == 0
                    ? new SubjectMatch(null, null, null, null, "claims.repository == \"acme/svc-" + i + "\"")
                    : new SubjectMatch(List.of("https://token.actions.githubusercontent.com"), "repo:acme/*", null,
                    Map.of("ref", "refs/heads/team-" + i + "/*"), null);
            OperationMatch match = i % 2 == 0
                    ? new OperationMatch(new OperationMatch.Http(List.of("DELETE", "PATCH"), List.of("/api/team-" + i + "/**"),
                    null, null, null, null), null, null, null)
                    : new OperationMatch(null, new OperationMatch.Sql(List.of("delete", "drop", "update"),
                    List.of("team_" + i + ".*"), null), null, null);
            Action action = i % 3 == 0 ? Action.REVIEW : Action.DENY;
            specs.add(new RuleSpec("rule-" + i, null, List.of("*"), subject, match, action, null, null, null, null));
        }
        SubjectMatch releases = new SubjectMatch(null, null, null, Map.of("repository", "acme/*"),
                "claims.ref.startsWith(\"refs/heads/release/\")");
        specs.add(new RuleSpec("allow-reads", null, List.of("*"), releases, new OperationMatch(
                new OperationMatch.Http(List.of("GET"), List.of("/api/**"), null, null, null, null), null, null, null),
                Action.ALLOW, null, null, null, null));
        specs.add(new RuleSpec("allow-reads-sql", null, List.of("*"), releases, new OperationMatch(
                null, new OperationMatch.Sql(List.of("select"), List.of("public.*"), null), null, null),
                Action.ALLOW, 200, null, null, null));
        return new PolicyDocument(PolicyDocument.API_VERSION, Action.REVIEW, null, List.of(
                new ConnectionSpec("api", Protocol.HTTP, "http://api.internal", null, null),
                new ConnectionSpec("db", Protocol.POSTGRES, "postgresql://db.internal:5432/app", null, null)), specs);
    }
}
