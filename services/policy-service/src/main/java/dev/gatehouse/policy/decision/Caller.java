package dev.gatehouse.policy.decision;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.McpFacts;
import dev.gatehouse.model.Operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller of one decision, with what subject matching needs prepared once: the groups list and,
 * only if some rule has a CEL condition, the condition's variables (an MCP tool call's arguments among them).
 */
final class Caller {

    private final CallerIdentity identity;
    private final Operation operation;
    private final List<String> groups;
    private Map<String, Object> celVariables;

    Caller(CallerIdentity identity, Operation operation) {
        this.identity = identity;
        this.operation = operation;
        this.groups = strings(identity.claims().get("groups"));
    }

    CallerIdentity identity() {
        return identity;
    }

    /**
     * Whether the operation carries readable tool-call arguments. Without them a condition that reads
     * {@code arguments} is an error, never a guess: CEL's {@code has()} on an unbound variable is not.
     */
    boolean hasArguments() {
        return celVariables().containsKey("arguments");
    }

    /** Whether this decides a tool offered by {@code tools/list} rather than a call of it. */
    boolean listing() {
        return "true".equals(operation.attributes().get(McpFacts.LISTING));
    }

    List<String> groups() {
        return groups;
    }

    Map<String, Object> celVariables() {
        if (celVariables == null) {
            Map<String, Object> claims = new HashMap<>();
            identity.claims().forEach((name, value) -> claims.put(name, celValue(value)));
            Map<String, Object> request = new HashMap<>();
            request.put("connection", operation.connection());
            request.put("protocol", operation.protocol().name());
            request.put("method", operation.method() == null ? "" : operation.method());
            request.put("path", operation.path() == null ? "" : operation.path());
            Map<String, Object> variables = new HashMap<>(Map.of("claims", claims, "issuer", identity.issuer(),
                    "subject", identity.subject(), "groups", groups, "request", request));
            // unbound when absent (not an MCP tool call, or too large to send): a condition reading it errs
            Map<String, Object> arguments = McpArguments.of(operation.attributes().get(McpFacts.ARGUMENTS));
            if (arguments != null) {
                variables.put("arguments", arguments);
            }
            celVariables = Map.copyOf(variables);
        }
        return celVariables;
    }

    /** CEL's int is 64-bit and its lists are of uniform values: normalize what JSON gave us. */
    private static Object celValue(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        if (value instanceof Iterable<?> values) {
            List<Object> list = new ArrayList<>();
            values.forEach(element -> list.add(celValue(element)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new HashMap<>();
            map.forEach((key, element) -> converted.put(String.valueOf(key), celValue(element)));
            return converted;
        }
        return value;
    }

    private static List<String> strings(Object value) {
        if (value instanceof Iterable<?> values) {
            List<String> list = new ArrayList<>();
            values.forEach(element -> list.add(String.valueOf(element)));
            return List.copyOf(list);
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
