package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.glob.PathGlob;
import dev.gatehouse.policy.glob.ValueGlob;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A rule's {@code http} block. Every named header and query parameter must be present and match.
 * A repeated query parameter is checked by the action's direction: an allow rule needs every value
 * to match, a deny or review rule any value.
 */
final class HttpMatcher {

    private record Predicate(String name, ValueGlob glob) {
    }

    private final Set<String> methods;
    private final String methodsText;
    private final List<PathGlob> paths;
    private final List<Predicate> headers;
    private final List<Predicate> query;
    private final boolean allow;
    private final List<String> permits;

    HttpMatcher(OperationMatch.Http http, Action action) {
        this.methods = http.methods().stream().map(method -> method.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.methodsText = new TreeSet<>(methods).toString();
        this.paths = http.paths().stream().map(PathGlob::compile).toList();
        this.headers = predicates(http.headers(), true);
        this.query = predicates(http.query(), false);
        this.allow = action == Action.ALLOW;
        this.permits = http.permits();
    }

    List<String> permits() {
        return permits;
    }

    Set<String> headerNames() {
        return headers.stream().map(Predicate::name).collect(Collectors.toUnmodifiableSet());
    }

    String mismatch(HttpFacts request, boolean explain) {
        if (!methods.isEmpty() && !methods.contains(request.method())) {
            return explain ? "method " + request.method() + " not in " + methodsText : Mismatch.NO;
        }
        if (!paths.isEmpty() && paths.stream().noneMatch(glob -> glob.matches(request.segments()))) {
            return explain ? "path " + request.path() + " matches none of " + paths : Mismatch.NO;
        }
        for (Predicate header : headers) {
            if (!header.glob().matches(request.headers().get(header.name()))) {
                return explain ? "header " + header.name() + " absent or not " + header.glob() : Mismatch.NO;
            }
        }
        for (Predicate parameter : query) {
            List<String> values = request.query().get(parameter.name());
            if (values == null || !valuesMatch(values, parameter.glob())) {
                return explain ? "query parameter " + parameter.name() + " absent or not " + parameter.glob()
                        : Mismatch.NO;
            }
        }
        return null;
    }

    private boolean valuesMatch(List<String> values, ValueGlob glob) {
        return allow ? values.stream().allMatch(glob::matches) : values.stream().anyMatch(glob::matches);
    }

    private static List<Predicate> predicates(Map<String, String> globs, boolean lowerCaseNames) {
        return globs.entrySet().stream()
                .map(entry -> new Predicate(lowerCaseNames ? entry.getKey().toLowerCase(Locale.ROOT) : entry.getKey(),
                        ValueGlob.compile(entry.getValue())))
                .toList();
    }
}
