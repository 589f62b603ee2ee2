package dev.gatehouse.policy.rule;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.policy.common.InvalidField;
import dev.gatehouse.policy.common.Slugs;
import dev.gatehouse.policy.glob.PathGlob;
import dev.gatehouse.policy.glob.ValueGlob;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a request into a rule the evaluator can compile, applying defaults and refusing what would
 * fail at decision time: malformed globs, odd methods, and {@code ASYNC} audit on anything that can
 * write (audit is only allowed to trail behind reads).
 */
final class RuleValidator {

    static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern METHOD = Pattern.compile("^[A-Z]{1,20}$");

    private RuleValidator() {
    }

    static Rule toRule(String id, RuleRequest request) {
        if (!Slugs.isSlug(id)) {
            throw new InvalidField("id", "must match " + Slugs.PATTERN);
        }
        String connection = request.connection() == null ? "*" : request.connection();
        compile("connection", () -> ValueGlob.compile(connection));
        String path = request.path() == null ? "/**" : request.path();
        compile("path", () -> PathGlob.compile(path));
        List<String> methods = methods(request.methods());
        Map<String, String> claims = claims(request.claims());
        Verdict verdict = Slugs.parse(Verdict.class, "verdict", request.verdict());
        AuditMode audit = request.audit() == null ? AuditMode.WRITE_AHEAD
                : Slugs.parse(AuditMode.class, "audit", request.audit());
        if (audit == AuditMode.ASYNC && (methods.isEmpty() || !READ_METHODS.containsAll(methods))) {
            throw new InvalidField("audit", "ASYNC is only allowed when methods are all GET, HEAD or OPTIONS");
        }
        if (audit == AuditMode.ASYNC && verdict == Verdict.REVIEW) {
            throw new InvalidField("audit", "ASYNC is not allowed for REVIEW rules");
        }
        int priority = request.priority() == null ? 100 : request.priority();
        return new Rule(id, request.description(), connection, methods, path, claims, verdict, audit, priority,
                null, null);
    }

    private static List<String> methods(List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        return requested.stream().map(method -> {
            String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
            if (!METHOD.matcher(upper).matches()) {
                throw new InvalidField("methods", "each must be an HTTP method name such as GET");
            }
            return upper;
        }).distinct().sorted().toList();
    }

    private static Map<String, String> claims(Map<String, String> requested) {
        if (requested == null) {
            return Map.of();
        }
        Map<String, String> claims = new LinkedHashMap<>();
        requested.forEach((name, glob) -> {
            if (name == null || name.isBlank()) {
                throw new InvalidField("claims", "claim names must not be blank");
            }
            compile("claims." + name, () -> ValueGlob.compile(glob));
            claims.put(name, glob);
        });
        return claims;
    }

    private static void compile(String field, Runnable compiler) {
        try {
            compiler.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidField(field, e.getMessage());
        }
    }
}
