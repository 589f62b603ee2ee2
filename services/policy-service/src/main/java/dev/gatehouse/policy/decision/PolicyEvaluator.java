package dev.gatehouse.policy.decision;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.ConnectionTarget;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.policy.connection.Connection;
import dev.gatehouse.policy.glob.PathNormalizer;
import dev.gatehouse.policy.rule.Rule;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides operations against an immutable snapshot of connections and rules. Everything that can be
 * prepared is prepared at construction: globs are compiled, and each connection gets the rules whose
 * connection glob matches it, sorted by precedence, so a decision is one map lookup plus a scan that
 * stops at the first matching rule.
 */
public final class PolicyEvaluator {

    private record Entry(ConnectionTarget target, List<CompiledRule> rules) {
    }

    private final Map<String, Entry> connections;
    private final int ruleCount;

    public PolicyEvaluator(List<Connection> connections, List<Rule> rules) {
        List<CompiledRule> compiled = rules.stream().map(CompiledRule::compile)
                .sorted(CompiledRule.PRECEDENCE).toList();
        Map<String, Entry> byName = new HashMap<>();
        for (Connection connection : connections) {
            List<CompiledRule> applicable = compiled.stream()
                    .filter(rule -> rule.connection().matches(connection.name())).toList();
            byName.put(connection.name(), new Entry(connection.target(), applicable));
        }
        this.connections = Map.copyOf(byName);
        this.ruleCount = compiled.size();
    }

    public static PolicyEvaluator empty() {
        return new PolicyEvaluator(List.of(), List.of());
    }

    public Decision decide(DecisionRequest request) {
        Operation operation = request.operation();
        Entry entry = connections.get(operation.connection());
        if (entry == null) {
            return Decision.defaultDeny("unknown connection " + operation.connection());
        }
        if (operation.protocol() != entry.target().protocol()) {
            return Decision.defaultDeny("connection " + entry.target().name() + " is not "
                    + operation.protocol());
        }
        Optional<String[]> segments = PathNormalizer.segments(operation.path());
        if (segments.isEmpty()) {
            return Decision.defaultDeny("path is not in normal form (dot-segments or encoded separators)");
        }
        String method = operation.method() == null ? "" : operation.method().toUpperCase(Locale.ROOT);
        for (CompiledRule rule : entry.rules()) {
            if (rule.matches(method, segments.get(), request.identity())) {
                return decision(rule, entry.target());
            }
        }
        return Decision.defaultDeny("no rule matched");
    }

    int connectionCount() {
        return connections.size();
    }

    int ruleCount() {
        return ruleCount;
    }

    private static Decision decision(CompiledRule rule, ConnectionTarget target) {
        // Denied requests never reach the target and reviewed ones are writes-in-waiting: both audited write-ahead.
        return switch (rule.verdict()) {
            case ALLOW -> new Decision(Verdict.ALLOW, rule.id(), rule.reason(), rule.audit(), target);
            case REVIEW -> new Decision(Verdict.REVIEW, rule.id(), rule.reason(), AuditMode.WRITE_AHEAD, target);
            case DENY -> new Decision(Verdict.DENY, rule.id(), rule.reason(), AuditMode.WRITE_AHEAD, null);
        };
    }
}
