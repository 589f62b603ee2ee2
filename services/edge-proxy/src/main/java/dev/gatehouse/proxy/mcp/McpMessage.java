package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.McpFacts;
import dev.gatehouse.proxy.problem.JsonRpcErrors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One JSON-RPC 2.0 message an MCP client posted, read strictly: one object (no batch: MCP 2025-06-18 has
 * none), {@code "jsonrpc": "2.0"}, an id that is a string or an integer (absent: a notification), a
 * method; a {@code tools/call} names its tool and its arguments are an object. A member named twice is
 * refused, since the server might read the other one than the policy did. Anything else is
 * {@link InvalidMcpMessage}, answered with a JSON-RPC error and never forwarded.
 *
 * @param id the id ({@link MissingNode} for a notification)
 */
record McpMessage(JsonNode id, String method, String tool, JsonNode arguments) {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Method and tool names as MCP writes them; anything else (control characters, 200 KB names) is refused. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./:-]{1,128}");

    /** A message that is no MCP request or notification; {@code id} is the one to answer ({@code null}: unknown). */
    static final class InvalidMcpMessage extends RuntimeException {
        private final transient JsonNode id;
        private final int code;

        InvalidMcpMessage(JsonNode id, int code, String message) {
            super(message, null, false, false);
            this.id = id;
            this.code = code;
        }

        JsonNode id() {
            return id;
        }

        int code() {
            return code;
        }
    }

    static McpMessage read(byte[] body) {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidMcpMessage(null, JsonRpcErrors.PARSE_ERROR, "the body is not one JSON document");
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidMcpMessage(null, JsonRpcErrors.PARSE_ERROR, "the body is empty");
        }
        if (root.isArray()) {
            throw new InvalidMcpMessage(null, JsonRpcErrors.INVALID_REQUEST, "batches are not supported");
        }
        if (!root.isObject()) {
            throw new InvalidMcpMessage(null, JsonRpcErrors.INVALID_REQUEST, "a JSON-RPC message is an object");
        }
        JsonNode id = root.has("id") ? root.get("id") : MissingNode.getInstance();
        if (!id.isMissingNode() && !id.isString() && !id.isIntegralNumber()) {
            throw new InvalidMcpMessage(null, JsonRpcErrors.INVALID_REQUEST, "the id must be a string or an integer");
        }
        if (!"2.0".equals(root.path("jsonrpc").stringValue(null))) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "jsonrpc must be \"2.0\"");
        }
        String method = root.path("method").stringValue(null);
        if (method == null) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST,
                    "only requests and notifications are relayed (answers to server requests are not)");
        }
        if (!NAME.matcher(method).matches()) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "the method name is not allowed");
        }
        JsonNode params = root.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "params must be an object");
        }
        if (!"tools/call".equals(method)) {
            return new McpMessage(id, method, null, null);
        }
        String tool = params.path("name").stringValue(null);
        JsonNode arguments = params.path("arguments");
        if (tool == null || !NAME.matcher(tool).matches()) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "tools/call needs a valid tool name");
        }
        if (!arguments.isMissingNode() && !arguments.isObject()) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "tool arguments must be an object");
        }
        return new McpMessage(id, method, tool, arguments);
    }

    boolean notification() {
        return id.isMissingNode();
    }

    /** The facts the policy decides on (and the decision cache keys on): never the arguments themselves. */
    Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(McpFacts.METHOD, method);
        if (tool != null) {
            facts.put(McpFacts.TOOL, tool);
        }
        return facts;
    }
}
