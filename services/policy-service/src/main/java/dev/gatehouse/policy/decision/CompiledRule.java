package dev.gatehouse.policy.decision;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.policy.glob.PathGlob;
import dev.gatehouse.policy.glob.ValueGlob;
import dev.gatehouse.policy.rule.Rule;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A rule with its globs compiled, so matching a request allocates nothing and compiles nothing. */
record CompiledRule(String id, String reason, ValueGlob connection, Set<String> methods, PathGlob path,
                    List<ClaimCondition> claims, Verdict verdict, AuditMode audit, int priority) {

    /** Most restrictive verdict first, then lower priority value, then id: the first match decides. */
    static final Comparator<CompiledRule> PRECEDENCE = Comparator
            .comparingInt((CompiledRule rule) -> severity(rule.verdict()))
            .thenComparingInt(CompiledRule::priority)
            .thenComparing(CompiledRule::id);

    static CompiledRule compile(Rule rule) {
        List<ClaimCondition> claims = rule.claims().entrySet().stream()
                .map(entry -> new ClaimCondition(entry.getKey(), ValueGlob.compile(entry.getValue())))
                .toList();
        String reason = rule.description() == null || rule.description().isBlank()
                ? "rule " + rule.id() + " (" + rule.verdict() + ")" : rule.description();
        return new CompiledRule(rule.id(), reason, ValueGlob.compile(rule.connection()), Set.copyOf(rule.methods()),
                PathGlob.compile(rule.path()), claims, rule.verdict(), rule.audit(), rule.priority());
    }

    boolean matches(String method, String[] segments, CallerIdentity identity) {
        if (!methods.isEmpty() && !methods.contains(method)) {
            return false;
        }
        if (!path.matches(segments)) {
            return false;
        }
        for (ClaimCondition claim : claims) {
            if (!claim.holds(identity)) {
                return false;
            }
        }
        return true;
    }

    private static int severity(Verdict verdict) {
        return switch (verdict) {
            case DENY -> 0;
            case REVIEW -> 1;
            case ALLOW -> 2;
        };
    }

    /** One claim condition; {@code iss} and {@code sub} fall back to the identity's issuer and subject. */
    record ClaimCondition(String name, ValueGlob glob) {

        boolean holds(CallerIdentity identity) {
            Map<String, Object> claims = identity.claims();
            Object value = claims.get(name);
            if (value == null && name.equals("iss")) {
                value = identity.issuer();
            } else if (value == null && name.equals("sub")) {
                value = identity.subject();
            }
            if (value instanceof Iterable<?> values) {
                for (Object element : values) {
                    if (matchesScalar(element)) {
                        return true;
                    }
                }
                return false;
            }
            return matchesScalar(value);
        }

        private boolean matchesScalar(Object value) {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                return false;
            }
            String text = value.toString();
            return !text.isEmpty() && glob.matches(text);
        }
    }
}
