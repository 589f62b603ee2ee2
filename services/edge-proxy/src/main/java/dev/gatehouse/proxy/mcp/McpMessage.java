package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.McpFacts;
import dev.gatehouse.proxy.problem.JsonRpcErrors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One JSON-RPC 2.0 message an MCP client posted, read strictly: one object (no batch: MCP 2025-06-18 has
 * none), {@code "jsonrpc": "2.0"}, an id that is a string or an integer (absent: a notification), a
 * method (none: the client's answer to a server request, {@link #answer()}); a {@code tools/call} names its tool and its arguments are an object. A member named twice is
 * refused, since the server might read the other one than the policy did; so is a member JSON-RPC does not
 * define ({@code jsonrpc}, {@code id}, {@code method}, {@code params}), since an approval binds the call by
 * its params and nothing else may change what the server runs. Anything else is
 * {@link InvalidMcpMessage}, answered with a JSON-RPC error and never forwarded.
 *
 * @param id the id ({@link MissingNode} for a notification)
 * @param params the params ({@link MissingNode} when there are none)
 */
record McpMessage(JsonNode id, String method, String tool, JsonNode arguments, JsonNode params) {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Method and tool names as MCP writes them; anything else (control characters, 200 KB names) is refused. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./:-]{1,128}");
    private static final java.util.Set<String> MEMBERS = java.util.Set.of("jsonrpc", "id", "method", "params");
    private static final java.util.Set<String> ANSWER_MEMBERS = java.util.Set.of("jsonrpc", "id", "result", "error");

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
        if (!root.has("method")) {
            return answer(root, id);
        }
        for (String member : root.propertyNames()) {
            if (!MEMBERS.contains(member)) {
                throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "a JSON-RPC message has no member "
                        + "other than jsonrpc, id, method and params");
            }
        }
        if (!"2.0".equals(root.path("jsonrpc").stringValue(null))) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "jsonrpc must be \"2.0\"");
        }
        String method = root.path("method").stringValue(null);
        if (method == null) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "the method must be a string");
        }
        if (!NAME.matcher(method).matches()) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "the method name is not allowed");
        }
        JsonNode params = root.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "params must be an object");
        }
        if (!"tools/call".equals(method)) {
            return new McpMessage(id, method, null, null, params);
        }
        String tool = params.path("name").stringValue(null);
        JsonNode arguments = params.path("arguments");
        if (tool == null || !NAME.matcher(tool).matches()) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "tools/call needs a valid tool name");
        }
        if (!arguments.isMissingNode() && !arguments.isObject()) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "tool arguments must be an object");
        }
        return new McpMessage(id, method, tool, arguments, params);
    }

    /**
     * The client's answer to a request of the server's (sampling, elicitation, roots): an id, and exactly
     * one of {@code result} and {@code error}; nothing else. Whether it is relayed is the relay's call
     * ({@link RelayedRequests}).
     */
    private static McpMessage answer(JsonNode root, JsonNode id) {
        for (String member : root.propertyNames()) {
            if (!ANSWER_MEMBERS.contains(member)) {
                throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "an answer has no member other than "
                        + "jsonrpc, id, result and error");
            }
        }
        if (!"2.0".equals(root.path("jsonrpc").stringValue(null))) {
            throw new InvalidMcpMessage(id, JsonRpcErrors.INVALID_REQUEST, "jsonrpc must be \"2.0\"");
        }
        if (id.isMissingNode() || root.has("result") == root.has("error")) {
            throw new InvalidMcpMessage(id.isMissingNode() ? null : id, JsonRpcErrors.INVALID_REQUEST,
                    "an answer names the request it answers and has a result or an error");
        }
        return new McpMessage(id, null, null, null, MissingNode.getInstance());
    }

    /** Whether this is the client's answer to a request of the server's (no method). */
    boolean answer() {
        return method == null;
    }

    /**
     * What an approval of this tool call is bound to besides the server, the tool and the caller: the
     * canonical arguments, then the canonical rest of the params (say {@code _meta}) without the
     * {@code _meta.progressToken}, which each sending of a call chooses anew and which changes nothing the
     * server does.
     */
    String[] boundParams() {
        ObjectNode rest = params.isObject() ? ((ObjectNode) params).deepCopy() : JsonNodeFactory.instance.objectNode();
        rest.remove("name");
        rest.remove("arguments");
        if (rest.get("_meta") instanceof ObjectNode meta) {
            meta.remove("progressToken");
            if (meta.isEmpty()) {
                rest.remove("_meta");
            }
        }
        return new String[] {CanonicalJson.of(arguments), CanonicalJson.of(rest)};
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
