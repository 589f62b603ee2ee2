package dev.gatehouse.proxy.problem;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A refusal of an MCP message as a JSON-RPC error for the message's id (docs/architecture.md §3.13). A
 * policy refusal is HTTP 200 so the client's MCP session goes on (the error is the answer to this one
 * request); a message that is no valid JSON-RPC is HTTP 400 with the error body, as Streamable HTTP says.
 * A refused notification has no id to answer: 202, nothing in the body. Details are the writer's fixed
 * strings plus the rule's id, never echoed input.
 */
public final class JsonRpcErrors {

    /** JSON-RPC 2.0's own codes. */
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    /** Implementation-defined server errors (-32000 to -32099): refused by the policy, or Gatehouse failed. */
    public static final int POLICY_DENIED = -32001;
    /** Held for review: the call was not run; the data names the approval. */
    public static final int APPROVAL_PENDING = -32002;
    public static final int UNAVAILABLE = -32003;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonRpcErrors() {
    }

    static Mono<Void> write(ServerHttpResponse response, Object id, HttpStatus status, java.net.URI type,
                            String detail, Map<String, ?> extensions) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        if (id instanceof JsonNode node && node.isMissingNode()) {
            response.setStatusCode(HttpStatus.ACCEPTED);
            return response.setComplete();
        }
        // an approval that cannot run this call (used, another call's, another caller's) is the request's fault
        int code = status.is5xxServerError() ? UNAVAILABLE
                : dev.gatehouse.model.ProblemTypes.APPROVAL_NOT_USABLE.equals(type) ? INVALID_REQUEST
                : status == HttpStatus.FORBIDDEN ? POLICY_DENIED
                : status.is2xxSuccessful() ? APPROVAL_PENDING : INVALID_REQUEST;
        Object ruleId = extensions.get("ruleId");
        ObjectNode data = JSON.createObjectNode().put("status", status.value());
        extensions.forEach((name, value) -> {
            if (value != null) {
                data.put(name, value.toString());
            }
        });
        return write(response, id, HttpStatus.OK, code, ruleId == null ? detail : detail + " (rule " + ruleId + ")",
                data);
    }

    /** Writes one error answer with this HTTP status. */
    public static Mono<Void> write(ServerHttpResponse response, Object id, HttpStatus httpStatus, int code,
                                   String message, JsonNode data) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(httpStatus);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer buffer = response.bufferFactory().wrap(body(id, code, message, data));
        return response.writeWith(Mono.just(buffer));
    }

    public static byte[] body(Object id, int code, String message, JsonNode data) {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0");
        body.set("id", id instanceof JsonNode node && !node.isMissingNode() ? node : JSON.nullNode());
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return JSON.writeValueAsBytes(body);
    }
}
