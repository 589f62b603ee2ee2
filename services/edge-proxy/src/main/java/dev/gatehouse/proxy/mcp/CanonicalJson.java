package dev.gatehouse.proxy.mcp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One text per JSON value, whatever spacing, member order or escapes the client chose: members sorted by
 * name at every depth, no whitespace, Jackson's own string escaping and number form. An approval of a tool
 * call is bound to this text of its arguments, so {@code {"a":1,"b":2}} and {@code { "b":2, "a":1 }} are one
 * call and any other value is another. (Duplicate members never get here: the message is read strictly.)
 */
final class CanonicalJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CanonicalJson() {
    }

    static String of(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "";
        }
        return JSON.writeValueAsString(sorted(value));
    }

    private static JsonNode sorted(JsonNode value) {
        if (value.isObject()) {
            List<String> names = new ArrayList<>(value.propertyNames());
            names.sort(null);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            names.forEach(name -> copy.set(name, sorted(value.get(name))));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(value.size());
            value.values().forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return value;
    }
}
