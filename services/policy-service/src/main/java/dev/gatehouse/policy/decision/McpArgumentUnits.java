package dev.gatehouse.policy.decision;

import dev.gatehouse.model.McpFacts;
import dev.gatehouse.model.Operation;
import dev.gatehouse.policy.glob.PathNormalizer;
import dev.gatehouse.policy.kubernetes.KubernetesRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The units of an MCP message beyond the message itself: a tool call's arguments that the connection says
 * have a meaning Gatehouse reads elsewhere. SQL arguments (the operation's statement) are one unit per
 * statement, decided by the connection's {@code sql} rules as on PostgreSQL; shell arguments
 * ({@link McpFacts#SHELL}) one unit per simple command, read by the SSH path's shell parser and decided by
 * the {@code ssh} rules as an SSH exec (so {@code bash -c 'curl … | sh'} is the commands it runs); Kubernetes
 * arguments ({@link McpFacts#KUBERNETES}, {@code METHOD /path?query} lines) one unit per API request, read
 * as on a Kubernetes connection and decided by the {@code kubernetes} rules. The call runs only when every
 * unit is allowed; an argument that cannot be read refuses it (shell: the policy's {@code onUnparsed}).
 */
final class McpArgumentUnits {

    private McpArgumentUnits() {
    }

    static Units.Result of(Unit request, Operation operation, BiFunction<String, Boolean, Units.Result> sql) {
        Map<String, String> attributes = operation.attributes();
        List<Units.Result> parts = new ArrayList<>(3);
        if (operation.statement() != null) {
            parts.add(sql.apply(operation.statement(), false));
        }
        String shell = attributes.get(McpFacts.SHELL);
        if (shell != null) {
            for (String line : lines(shell)) {
                parts.add(SshUnits.exec(line));
            }
        }
        String kubernetes = attributes.get(McpFacts.KUBERNETES);
        if (kubernetes != null) {
            for (String line : lines(kubernetes)) {
                parts.add(kubernetes(line));
            }
        }
        List<Unit> units = new ArrayList<>();
        units.add(request);
        for (Units.Result part : parts) {
            if (part.refusal() != null) {
                return part;
            }
            units.addAll(part.units());
        }
        return new Units.Result(units, null);
    }

    /** The proxy joins several arguments with a NUL, which no command line or request line holds. */
    private static List<String> lines(String joined) {
        return List.of(joined.split("\u0000", -1));
    }

    /** {@code METHOD /path[?query]}: the API request a Kubernetes argument stands for. */
    private static Units.Result kubernetes(String line) {
        int space = line.indexOf(' ');
        if (space <= 0) {
            return Units.refuse("a Kubernetes argument is no API request");
        }
        String method = line.substring(0, space);
        String target = line.substring(space + 1);
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? null : target.substring(question + 1);
        Optional<String[]> segments = PathNormalizer.segments(path);
        Optional<KubernetesRequest> request = segments.flatMap(s -> KubernetesRequest.parse(method, path, query));
        if (request.isEmpty() || !request.get().resourceRequest()) {
            return Units.refuse("a Kubernetes argument is no API request on a resource: " + line);
        }
        HttpFacts http = HttpFacts.of(method, path, segments.get(), Map.of(), query);
        Unit unit = new Unit("kubernetes " + method + " " + path, http, request.get(), null, null, null, null, null);
        return new Units.Result(List.of(unit), null);
    }
}
