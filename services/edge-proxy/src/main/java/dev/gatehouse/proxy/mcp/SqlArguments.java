package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.policy.ConnectionDirectory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of a tool call that the connection says are SQL ({@code settings.sqlArguments}, names
 * separated by commas, e.g. {@code query}): their values become the operation's statement, which
 * policy-service classifies statement by statement as on a PostgreSQL connection. A named argument that
 * is present but not a string is refused (its SQL could not be classified). The settings come from the
 * connection directory's cache: no round trip per call.
 */
@Component
class SqlArguments {

    static final String SETTING = "sqlArguments";

    /** A named SQL argument that is not a string. */
    static final class NotSql extends RuntimeException {
        NotSql(String message) {
            super(message, null, false, false);
        }
    }

    private final ConnectionDirectory directory;

    SqlArguments(ConnectionDirectory directory) {
        this.directory = directory;
    }

    Mono<Optional<String>> of(ServerWebExchange exchange, McpMessage message) {
        return directory.settings(connection(exchange)).defaultIfEmpty(Map.of())
                .map(settings -> statement(settings.get(SETTING), message.arguments()));
    }

    /** The connection an MCP message is for (the entry rewrote {@code /mcp/{connection}} to this path). */
    static String connection(ServerWebExchange exchange) {
        String path = exchange.getRequest().getURI().getRawPath();
        return path.substring("/proxy/".length()).replace("/", "");
    }

    static Optional<String> statement(String names, JsonNode arguments) {
        if (names == null || names.isBlank() || arguments == null || arguments.isMissingNode()) {
            return Optional.empty();
        }
        List<String> sql = Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty())
                .filter(arguments::has).map(name -> {
                    JsonNode value = arguments.get(name);
                    if (!value.isString()) {
                        throw new NotSql("the argument " + name + " is SQL and must be a string");
                    }
                    return value.asString();
                }).toList();
        return sql.isEmpty() ? Optional.empty() : Optional.of(String.join(";\n", sql));
    }
}
