package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.McpFacts;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The answer to a {@code tools/list}, cut down to the tools the caller may call: each listed tool is
 * decided as a {@code tools/call} of it by the same gate (through the decision cache: a repeated list costs
 * no round trip), and a tool the policy denies is left out, so the agent is never offered it. The answer
 * is read whole (bounded). It wraps the response before the masking does ({@link ToolListResponseFilter}),
 * so it reads the masked answer; it is in place for every MCP message and rewrites only the answer of a
 * {@code tools/list} ({@link #TOOL_LIST}). A tool whose definition is not the pinned one ({@link ToolPins}) is
 * left out too. Any other event-stream answer has the server's own requests in it (sampling, elicitation)
 * dropped unless a rule allows their method ({@link ServerRequests}). An answer that cannot be read is replaced by a JSON-RPC error: a list that
 * could not be filtered is not passed on.
 */
final class ToolListFilter extends ServerHttpResponseDecorator {

    /** Set by the inspection on a {@code tools/list} request: only its answer is rewritten. */
    static final String TOOL_LIST = ToolListFilter.class.getName() + ".toolList";
    private static final int MAX_ANSWER = 4 * 1024 * 1024;

    private final ServerWebExchange exchange;
    private final Gate gate;
    private final ToolPins pins;
    private final ConnectionDirectory directory;
    private final RelayedRequests relayed;

    ToolListFilter(ServerWebExchange exchange, Gate gate, ToolPins pins, ConnectionDirectory directory,
                   RelayedRequests relayed) {
        super(exchange.getResponse());
        this.exchange = exchange;
        this.gate = gate;
        this.pins = pins;
        this.directory = directory;
        this.relayed = relayed;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        String contentType = getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (!Boolean.TRUE.equals(exchange.getAttribute(TOOL_LIST)) || getStatusCode() == null
                || !getStatusCode().is2xxSuccessful()) {
            boolean stream = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT)
                    .startsWith("text/event-stream");
            if (!stream) {
                return super.writeWith(body);
            }
            getHeaders().remove(HttpHeaders.CONTENT_LENGTH); // a dropped event shortens the answer
            return super.writeWith(ServerRequests.requests(Flux.from(body), bufferFactory(),
                    request -> identity().flatMap(identity -> allowedMethod(identity, request.method())
                            .doOnNext(allowed -> remember(allowed, identity, request)))));
        }
        return DataBufferUtils.join(Flux.from(body), MAX_ANSWER)
                .map(ToolListFilter::copyAndRelease)
                .flatMap(bytes -> Mono.zip(identity(), directory.settings(connection()).defaultIfEmpty(Map.of()))
                        .flatMap(found -> ToolListAnswer.filter(bytes, contentType,
                                tool -> allowed(found.getT1(), found.getT2(), tool))))
                .onErrorResume(e -> Mono.just(ToolListAnswer.unreadable(exchange.getAttribute(
                        dev.gatehouse.proxy.exchange.ExchangeAttributes.MCP_ANSWERS))))
                .flatMap(filtered -> {
                    getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
                    getHeaders().setContentLength(filtered.length);
                    return super.writeWith(Mono.just(bufferFactory().wrap(filtered)));
                });
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return writeWith(Flux.from(body).flatMapSequential(Flux::from));
    }

    private Mono<CallerIdentity> identity() {
        return exchange.getPrincipal().ofType(CallerAuthentication.class).map(CallerAuthentication::identity)
                .switchIfEmpty(Mono.error(new IllegalStateException("no caller")));
    }

    /** Offered when its definition is the pinned one (else it is left out: {@link ToolPins}) and the gate allows a call. */
    private Mono<Boolean> allowed(CallerIdentity identity, Map<String, String> settings, JsonNode listed) {
        String connection = connection();
        String tool = listed.path("name").asString();
        Operation call = Operation.http(connection, "POST", "/", null)
                .withAttribute(McpFacts.METHOD, "tools/call").withAttribute(McpFacts.TOOL, tool)
                .withAttribute(McpFacts.LISTING, "true");
        return pins.accept(connection, listed, settings).flatMap(pinned -> !pinned ? Mono.just(false)
                : gate.decide(identity, call).map(decision -> decision.verdict() != Verdict.DENY));
    }

    /** A request the server sends the client (sampling, elicitation, …) is relayed only when a rule allows its method. */
    private Mono<Boolean> allowedMethod(CallerIdentity identity, String method) {
        Operation request = Operation.http(connection(), "POST", "/", null).withAttribute(McpFacts.METHOD, method);
        return gate.decide(identity, request).map(decision -> decision.verdict() == Verdict.ALLOW)
                .onErrorReturn(false);
    }

    /** A relayed request's answer may go back to the server ({@link RelayedRequests}). */
    private void remember(boolean allowed, CallerIdentity identity, ServerRequests.Request request) {
        if (allowed) {
            relayed.remember(connection(), identity, exchange.getRequest().getHeaders()
                    .getFirst(McpInspectionFilter.SESSION_HEADER), request.id(), request.method());
        }
    }

    private String connection() {
        String path = exchange.getRequest().getURI().getRawPath();
        String rest = path.substring("/proxy/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
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
