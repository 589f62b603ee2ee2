package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.McpFacts;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a tool call's arguments mean to the policy, by the connection's settings (from the connection
 * directory's cache: no round trip per call). {@code sqlArguments}: their values become the operation's
 * statement, classified statement by statement as on PostgreSQL; {@code shellArguments}: command lines
 * ({@link McpFacts#SHELL}) read by the SSH path's shell parser; {@code kubernetesArguments}: Kubernetes API
 * requests ({@link McpFacts#KUBERNETES}, {@link KubernetesArguments}). Every call's arguments also go as
 * canonical JSON ({@link McpFacts#ARGUMENTS}, up to {@value #MAX_ARGUMENTS} characters) for CEL conditions;
 * larger ones are not sent, so a condition reading them errs (never allows). A named argument that
 * cannot be read so is {@link UnreadableArgument}: the call is refused.
 */
@Component
class ArgumentMeanings {

    static final String SQL = "sqlArguments";
    static final String SHELL = "shellArguments";
    static final String KUBERNETES = "kubernetesArguments";
    static final int MAX_ARGUMENTS = 64 * 1024;

    /** The operation's statement (SQL arguments) and the facts the arguments add. */
    record Meanings(Optional<String> statement, Map<String, String> facts) {
        static final Meanings NONE = new Meanings(Optional.empty(), Map.of());
    }

    /** A named argument that is not what the connection says it is. */
    static final class UnreadableArgument extends RuntimeException {
        UnreadableArgument(String message) {
            super(message, null, false, false);
        }
    }

    private final ConnectionDirectory directory;

    ArgumentMeanings(ConnectionDirectory directory) {
        this.directory = directory;
    }

    Mono<Meanings> of(ServerWebExchange exchange, McpMessage message) {
        if (message.tool() == null) {
            return Mono.just(Meanings.NONE);
        }
        return directory.settings(connection(exchange)).defaultIfEmpty(Map.of())
                .map(settings -> read(settings, message.arguments()));
    }

    /** The connection an MCP message is for (the entry rewrote {@code /mcp/{connection}} to this path). */
    static String connection(ServerWebExchange exchange) {
        String path = exchange.getRequest().getURI().getRawPath();
        return path.substring("/proxy/".length()).replace("/", "");
    }

    static Meanings read(Map<String, String> settings, JsonNode arguments) {
        JsonNode given = arguments == null || arguments.isMissingNode()
                ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : arguments;
        Map<String, String> facts = new HashMap<>();
        String canonical = CanonicalJson.of(given);
        if (canonical.length() <= MAX_ARGUMENTS) {
            facts.put(McpFacts.ARGUMENTS, canonical);
        }
        joined(settings.get(SHELL), given, ArgumentMeanings::shell).ifPresent(text -> facts.put(McpFacts.SHELL, text));
        KubernetesArguments.of(settings.get(KUBERNETES), given).ifPresent(text -> facts.put(McpFacts.KUBERNETES, text));
        return new Meanings(statement(settings.get(SQL), given), Map.copyOf(facts));
    }

    static Optional<String> statement(String names, JsonNode arguments) {
        List<String> sql = values(names, arguments, "SQL");
        return sql.isEmpty() ? Optional.empty() : Optional.of(String.join(";\n", sql));
    }

    /** The named arguments' values, each checked; several are joined by a NUL (no line of either kind holds one). */
    private static Optional<String> joined(String names, JsonNode arguments, Function<String, String> check) {
        List<String> lines = values(names, arguments, "a shell command").stream().map(check).toList();
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\u0000", lines));
    }

    private static String shell(String command) {
        if (command.indexOf('\u0000') >= 0) {
            throw new UnreadableArgument("a shell command argument holds a NUL character");
        }
        return command;
    }

    /** The string values of the named arguments present; a named argument that is no string is refused. */
    static List<String> values(String names, JsonNode arguments, String what) {
        if (names == null || names.isBlank()) {
            return List.of();
        }
        return Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty())
                .filter(arguments::has).map(name -> {
                    JsonNode value = arguments.get(name);
                    if (!value.isString()) {
                        throw new UnreadableArgument("the argument " + name + " is " + what + " and must be a string");
                    }
                    return value.asString();
                }).toList();
    }
}
