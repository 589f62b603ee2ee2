package dev.gatehouse.policy.decision;

import com.google.protobuf.NullValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An MCP tool call's arguments (the JSON object the proxy sent as {@code mcp.arguments}) as CEL values:
 * objects are maps, arrays lists, integers CEL's 64-bit int, other numbers doubles, JSON null CEL's null.
 * Read only when a condition is evaluated.
 */
final class McpArguments {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private McpArguments() {
    }

    /** The arguments, or {@code null} when there are none to read (absent, or not a JSON object). */
    static Map<String, Object> of(String json) {
        if (json == null) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            return null;
        }
        return root != null && root.isObject() ? object(root) : null;
    }

    private static Map<String, Object> object(JsonNode node) {
        Map<String, Object> map = new HashMap<>();
        node.properties().forEach(member -> map.put(member.getKey(), value(member.getValue())));
        return map;
    }

    private static Object value(JsonNode node) {
        if (node.isObject()) {
            return object(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.values().forEach(element -> list.add(value(element)));
            return list;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.canConvertToLong() && node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        return NullValue.NULL_VALUE;
    }
}
