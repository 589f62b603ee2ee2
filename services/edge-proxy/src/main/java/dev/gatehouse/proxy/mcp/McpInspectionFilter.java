package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.McpFacts;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.exchange.AdapterRefusal;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.exchange.RequestFilterOrder;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import dev.gatehouse.proxy.problem.JsonRpcErrors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads each MCP message before anything decides on it (bounded, {@code gatehouse.proxy.mcp.max-body}),
 * strictly as JSON-RPC ({@link McpMessage}), and hands its method and tool to the proxy request filter as
 * the operation's facts: the gate decides, records the REQUEST write-ahead with the message as payload
 * (masked by the audit masking) and forwards exactly the bytes read. Refusals become JSON-RPC errors for
 * the message's id ({@code ExchangeAttributes.MCP_ANSWERS}); a {@code tools/list} answer is filtered to
 * the tools the caller may call ({@link ToolListFilter}). A message that is no valid JSON-RPC is never
 * forwarded. The client's answer to a request of the server's is relayed only as {@link #relayAnswer} says.
 */
@Component
public class McpInspectionFilter implements GlobalFilter, Ordered {

    public static final int ORDER = RequestFilterOrder.MCP_INSPECTION;
    static final String SESSION_HEADER = "Mcp-Session-Id";
    /** The message as read, for a stdio server's relay ({@link StdioRoutingFilter}). */
    static final String MESSAGE = McpInspectionFilter.class.getName() + ".message";

    private final int maxBody;
    private final int recordBytes;
    private final ArgumentMeanings meanings;
    private final ToolPins pins;
    private final RelayedRequests relayed;
    private final ConnectionDirectory directory;

    McpInspectionFilter(ArgumentMeanings meanings, ToolPins pins, RelayedRequests relayed, ConnectionDirectory directory,
                        @Value("${gatehouse.proxy.mcp.max-body:1MB}") DataSize maxBody,
                        @Value("${gatehouse.proxy.mcp.record-bytes:64KB}") DataSize recordBytes) {
        this.meanings = meanings;
        this.pins = pins;
        this.relayed = relayed;
        this.directory = directory;
        this.maxBody = Math.toIntExact(maxBody.toBytes());
        this.recordBytes = Math.toIntExact(recordBytes.toBytes());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!Boolean.TRUE.equals(exchange.getAttribute(McpEntryFilter.CALL))) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBody)
                .map(McpInspectionFilter::copyAndRelease)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> inspect(exchange, chain, body))
                .onErrorResume(DataBufferLimitException.class, e -> JsonRpcErrors.write(exchange.getResponse(), null,
                        HttpStatus.CONTENT_TOO_LARGE, JsonRpcErrors.INVALID_REQUEST,
                        "the message is larger than the proxy reads (gatehouse.proxy.mcp.max-body)", null));
    }

    private Mono<Void> inspect(ServerWebExchange exchange, GatewayFilterChain chain, byte[] body) {
        McpMessage message;
        try {
            message = McpMessage.read(body);
        } catch (McpMessage.InvalidMcpMessage e) {
            return JsonRpcErrors.write(exchange.getResponse(), e.id(), HttpStatus.BAD_REQUEST, e.code(),
                    e.getMessage(), null);
        }
        exchange.getAttributes().put(ExchangeAttributes.MCP_ANSWERS, message.id());
        exchange.getAttributes().put(MESSAGE, message);
        exchange.getAttributes().put(ExchangeAttributes.BUFFERED_BODY, body);
        exchange.getAttributes().put(ExchangeAttributes.REQUEST_PAYLOAD, recorded(body));
        if (message.answer()) {
            return relayAnswer(exchange, chain, message);
        }
        exchange.getAttributes().put(ExchangeAttributes.OPERATION_FACTS, message.facts());
        if ("tools/list".equals(message.method()) && !message.notification()) {
            exchange.getAttributes().put(ToolListFilter.TOOL_LIST, Boolean.TRUE);
        }
        if (message.tool() == null) {
            return chain.filter(exchange);
        }
        String connection = ArgumentMeanings.connection(exchange);
        return directory.settings(connection).defaultIfEmpty(Map.of())
                .flatMap(settings -> pins.changed(connection, message.tool(), settings).onErrorMap(PinsUnavailable::new))
                // refused after the decision, by the proxying, so that the refusal is in the trail
                .doOnNext(changed -> exchange.getAttributes().put(ExchangeAttributes.ADAPTER_REFUSAL, new AdapterRefusal(
                        "tool-definition-changed", "the definition of tool " + message.tool() + " changed since "
                        + "Gatehouse pinned it; refused until an admin pins the new definition " + changed
                        + " (PUT /api/v1/tool-pins/{connection}/" + message.tool() + " at policy-service, or settings.toolPins)")))
                .then(Mono.defer(() -> exchange.getPrincipal().ofType(CallerAuthentication.class)
                        .doOnNext(caller -> exchange.getAttributes().put(ExchangeAttributes.APPROVAL_FINGERPRINT,
                                fingerprint(exchange, message, caller.identity())))
                        .then(meanings.of(exchange, message))
                        .flatMap(meaning -> {
                            meaning.statement().ifPresent(sql -> exchange.getAttributes()
                                    .put(ExchangeAttributes.OPERATION_STATEMENT, sql));
                            Map<String, String> facts = new HashMap<>(message.facts());
                            facts.putAll(meaning.facts());
                            exchange.getAttributes().put(ExchangeAttributes.OPERATION_FACTS, facts);
                            return chain.filter(exchange);
                        })))
                .onErrorResume(ArgumentMeanings.UnreadableArgument.class, e -> JsonRpcErrors.write(exchange.getResponse(),
                        message.id(), HttpStatus.BAD_REQUEST, JsonRpcErrors.INVALID_REQUEST, e.getMessage(), null))
                .onErrorResume(PolicyUnavailable.class, e -> JsonRpcErrors.write(exchange.getResponse(),
                        message.id(), HttpStatus.SERVICE_UNAVAILABLE, JsonRpcErrors.UNAVAILABLE,
                        "the policy service could not describe the connection", null))
                .onErrorResume(PinsUnavailable.class, e -> JsonRpcErrors.write(exchange.getResponse(),
                        message.id(), HttpStatus.SERVICE_UNAVAILABLE, JsonRpcErrors.UNAVAILABLE,
                        "the tool's pinned definition could not be checked, so the call was not sent", null));
    }

    /** The pin store did not answer before a call: the call is not sent (fail closed). */
    private static final class PinsUnavailable extends RuntimeException {
        PinsUnavailable(Throwable cause) {
            super("the tool pin store did not answer: " + cause.getClass().getSimpleName(), cause);
        }
    }

    /**
     * The client's answer to a server request goes back to the server only when this replica relayed that
     * request to this caller in this session ({@link RelayedRequests}), once; it is then decided, recorded
     * and forwarded as that request's method (a rule that allows {@code sampling/createMessage} allows its
     * answer), marked {@code mcp.answer}.
     */
    private Mono<Void> relayAnswer(ServerWebExchange exchange, GatewayFilterChain chain, McpMessage message) {
        String connection = ArgumentMeanings.connection(exchange);
        String session = exchange.getRequest().getHeaders().getFirst(SESSION_HEADER);
        return exchange.getPrincipal().ofType(CallerAuthentication.class)
                .map(caller -> relayed.take(connection, caller.identity(), session, message.id()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(method -> {
                    if (method.isEmpty()) {
                        return JsonRpcErrors.write(exchange.getResponse(), message.id(), HttpStatus.BAD_REQUEST,
                                JsonRpcErrors.INVALID_REQUEST, "an answer to no request Gatehouse relayed to this "
                                        + "caller in this session", null);
                    }
                    exchange.getAttributes().put(ExchangeAttributes.OPERATION_FACTS,
                            Map.of(McpFacts.METHOD, method.get(), McpFacts.ANSWER, "true"));
                    return chain.filter(exchange);
                });
    }

    /** An approval of a tool call binds the server, the tool, the canonical arguments and the caller. */
    private static String fingerprint(ServerWebExchange exchange, McpMessage message, CallerIdentity caller) {
        String[] bound = message.boundParams();
        return ApprovalFingerprint.mcp(ArgumentMeanings.connection(exchange), message.tool(), bound[0], bound[1],
                caller.issuer(), caller.subject());
    }

    private String recorded(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, recordBytes), StandardCharsets.UTF_8);
        return body.length > recordBytes ? text + " …[" + (body.length - recordBytes) + " more bytes not recorded]"
                : text;
    }

    private static byte[] copyAndRelease(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }
}
