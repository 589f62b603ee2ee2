package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.McpFacts;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.ReviewSettings;
import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.ActivePolicy;
import dev.gatehouse.policy.document.ConnectionSpec;
import dev.gatehouse.policy.document.PolicyDocument;
import dev.gatehouse.policy.sql.SqlClassifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Decides operations against one compiled policy version. Everything that can be prepared is
 * prepared at compile time: each connection gets the rules that cover it, split into those that can
 * match an HTTP-family request and those that can match a SQL statement, sorted deny, review, allow
 * (then priority, then document order). Deciding a unit is a scan that stops at the first matching
 * rule, which is exactly "deny beats review beats allow". Immutable and thread-safe.
 */
public final class PolicyEvaluator {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();

    record ConnectionRules(ConnectionSpec connection, List<CompiledRule> http, List<CompiledRule> sql,
                           List<String> vary, List<CompiledRule> ssh) {
    }

    private final long version;
    private final Action onUnparsed;
    private final Map<String, ConnectionRules> connections;
    private final List<CompiledRule> rules;
    private final Units units;
    private final ReviewSettings defaultReview;

    private PolicyEvaluator(long version, Action onUnparsed, Map<String, ConnectionRules> connections,
                            List<CompiledRule> rules, ReviewSettings defaultReview) {
        this.version = version;
        this.defaultReview = defaultReview;
        this.onUnparsed = onUnparsed;
        this.connections = connections;
        this.rules = rules;
        this.units = new Units(CLASSIFIER);
    }

    public static PolicyEvaluator empty() {
        return compile(new ActivePolicy(0, PolicyDocument.empty(), "nobody", java.time.Instant.EPOCH));
    }

    public static PolicyEvaluator compile(ActivePolicy policy) {
        PolicyDocument document = policy.document();
        List<CompiledRule> compiled = new ArrayList<>();
        for (int i = 0; i < document.rules().size(); i++) {
            compiled.add(CompiledRule.compile(document.rules().get(i), i, document.defaults()));
        }
        List<CompiledRule> ordered = compiled.stream().sorted(CompiledRule.PRECEDENCE).toList();
        Map<String, ConnectionRules> byName = new HashMap<>();
        for (ConnectionSpec connection : document.connections()) {
            List<CompiledRule> covering = ordered.stream()
                    .filter(rule -> rule.connections().matches(connection.name())).toList();
            TreeSet<String> vary = new TreeSet<>();
            covering.forEach(rule -> vary.addAll(rule.headerNames()));
            if (covering.stream().anyMatch(rule -> rule.subject().readsArguments())) {
                vary.add(McpFacts.ARGUMENTS); // the proxy's cache then keys a tool call on its arguments
            }
            byName.put(connection.name(), new ConnectionRules(connection,
                    covering.stream().filter(CompiledRule::appliesToHttp).toList(),
                    covering.stream().filter(CompiledRule::appliesToSql).toList(), List.copyOf(vary),
                    covering.stream().filter(CompiledRule::appliesToSsh).toList()));
        }
        return new PolicyEvaluator(policy.version(), document.onUnparsed(), Map.copyOf(byName), List.copyOf(compiled),
                document.defaults().review());
    }

    public long version() {
        return version;
    }

    public Decision decide(DecisionRequest request) {
        return evaluate(request, null);
    }

    public Explanation explain(DecisionRequest request) {
        List<Explanation.UnitTrace> traces = new ArrayList<>();
        Decision decision = evaluate(request, traces);
        return new Explanation(decision, traces);
    }

    private Decision evaluate(DecisionRequest request, List<Explanation.UnitTrace> traces) {
        Operation operation = request.operation();
        ConnectionRules entry = connections.get(operation.connection());
        if (entry == null) {
            return Decision.defaultDeny("unknown connection " + operation.connection(), version);
        }
        Units.Result result = units.of(operation, entry.connection().type());
        if (result.refusal() != null) {
            return Decision.defaultDeny(result.refusal(), version);
        }
        Caller caller = new Caller(request.identity(), operation);
        UnitDecider decider = new UnitDecider(caller, onUnparsed);
        List<UnitOutcome> outcomes = new ArrayList<>(result.units().size());
        for (Unit unit : result.units()) {
            UnitOutcome outcome = decider.decide(unit, unit.sql() != null ? entry.sql()
                    : unit.ssh() != null ? entry.ssh() : entry.http());
            outcomes.add(outcome);
            if (traces != null) {
                traces.add(UnitTraces.trace(unit, outcome, rules, entry.connection().name(), caller));
            }
        }
        return DecisionAssembler.assemble(outcomes, entry, version, defaultReview);
    }
}
