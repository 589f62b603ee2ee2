package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.problem.JsonRpcErrors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rewrites a {@code tools/list} answer, as JSON or as an event stream (each event's {@code data} one
 * JSON-RPC message), keeping only the tools (their listed objects) {@code allowed} says yes to. Events that are not the list's
 * answer pass as they came.
 */
final class ToolListAnswer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ToolListAnswer() {
    }

    static Mono<byte[]> filter(byte[] body, String contentType, Function<JsonNode, Mono<Boolean>> allowed) {
        if (contentType != null && contentType.toLowerCase().startsWith("text/event-stream")) {
            return events(new String(body, StandardCharsets.UTF_8), allowed);
        }
        return message(JSON.readTree(body), allowed).map(JSON::writeValueAsBytes);
    }

    static byte[] unreadable(Object id) {
        return JsonRpcErrors.body(id, JsonRpcErrors.UNAVAILABLE, "the tool list could not be filtered by policy",
                null);
    }

    private static Mono<byte[]> events(String stream, Function<JsonNode, Mono<Boolean>> allowed) {
        List<String> events = List.of(stream.replace("\r\n", "\n").split("\n\n"));
        return Flux.fromIterable(events).concatMap(event -> event(event, allowed))
                .collectList()
                .map(rewritten -> (String.join("\n\n", rewritten) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Mono<String> event(String event, Function<JsonNode, Mono<Boolean>> allowed) {
        List<String> other = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        for (String line : event.split("\n")) {
            if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
            } else if (!line.isEmpty()) {
                other.add(line);
            }
        }
        if (data.isEmpty()) {
            return Mono.just(event);
        }
        return message(JSON.readTree(data.toString()), allowed).map(message -> {
            other.add("data: " + JSON.writeValueAsString(message));
            return String.join("\n", other);
        });
    }

    private static Mono<JsonNode> message(JsonNode message, Function<JsonNode, Mono<Boolean>> allowed) {
        JsonNode tools = message.path("result").path("tools");
        if (!tools.isArray()) {
            return Mono.just(message);
        }
        return Flux.fromIterable(tools.values())
                .concatMap(tool -> tool.path("name").isString()
                        ? allowed.apply(tool).map(yes -> yes ? List.of(tool) : List.<JsonNode>of())
                        : Mono.just(List.<JsonNode>of()))
                .collectList()
                .map(kept -> {
                    ObjectNode copy = (ObjectNode) message.deepCopy();
                    ArrayNode list = ((ObjectNode) copy.get("result")).putArray("tools");
                    kept.forEach(list::addAll);
                    return copy;
                });
    }
}
