package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.problem.JsonRpcErrors;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP+SSE transport of MCP 2024-11-05, for older clients: {@code GET /mcp/{connection}/sse} opens an
 * event stream bound to the caller whose first event names where to POST ({@code endpoint}:
 * {@code /mcp/{connection}/messages?sessionId=…}); each POST is an MCP message that takes exactly the path
 * of {@code /mcp/{connection}} (inspection, decision, write-ahead, upstream, masking), and its answer, as
 * written to the client, goes onto the stream instead ({@link LegacyAnswer}) while the POST gets 202. The
 * upstream server's own {@code Mcp-Session-Id} is kept with the stream and sent with later messages. A
 * POST for another caller's or an ended stream is 404. Runs after Spring Security.
 */
@Component
class LegacySse implements WebFilter, Ordered {

    static final String OPEN = LegacySse.class.getName() + ".open";
    static final String POST = LegacySse.class.getName() + ".post";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    /** One open stream: whose, for which connection, and the upstream's session id once it gave one. */
    static final class Stream {
        final String owner;
        final String connection;
        final Sinks.Many<String> events = Sinks.many().unicast().onBackpressureBuffer();
        volatile String upstreamSession;

        Stream(String owner, String connection) {
            this.owner = owner;
            this.connection = connection;
        }

        synchronized void send(String message) {
            events.tryEmitNext("event: message\ndata: " + message + "\n\n");
        }
    }

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    @Override
    public int getOrder() {
        return 0; // after the security filter chain (-100)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String open = exchange.getAttribute(OPEN);
        String post = exchange.getAttribute(POST);
        if (open == null && post == null) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal().ofType(CallerAuthentication.class)
                .flatMap(caller -> open != null ? open(exchange, open, StdioRoutingFilter.owner(caller))
                        : post(exchange, chain, post, StdioRoutingFilter.owner(caller)));
    }

    private Mono<Void> open(ServerWebExchange exchange, String connection, String owner) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        Stream stream = new Stream(owner, connection);
        streams.put(id, stream);
        exchange.getResponse().setStatusCode(HttpStatus.OK);
        exchange.getResponse().getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
        exchange.getResponse().getHeaders().setCacheControl("no-cache");
        String endpoint = "event: endpoint\ndata: /mcp/" + connection + "/messages?sessionId=" + id + "\n\n";
        Flux<String> events = Flux.merge(Flux.concat(Mono.just(endpoint), stream.events.asFlux()),
                Flux.interval(KEEP_ALIVE).map(tick -> ": keep-alive\n\n"));
        return exchange.getResponse().writeAndFlushWith(events
                .map(event -> Flux.just(exchange.getResponse().bufferFactory()
                        .wrap(event.getBytes(StandardCharsets.UTF_8)))))
                .doFinally(signal -> streams.remove(id, stream));
    }

    private Mono<Void> post(ServerWebExchange exchange, WebFilterChain chain, String id, String owner) {
        Stream stream = streams.get(id);
        String connection = exchange.getRequest().getURI().getRawPath().substring("/proxy/".length());
        if (stream == null || !stream.owner.equals(owner) || !stream.connection.equals(connection)) {
            return JsonRpcErrors.write(exchange.getResponse(), null, HttpStatus.NOT_FOUND,
                    JsonRpcErrors.INVALID_REQUEST, "no such SSE session (ended, or another caller's)", null);
        }
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            headers.remove(McpInspectionFilter.SESSION_HEADER);
            if (stream.upstreamSession != null) {
                headers.set(McpInspectionFilter.SESSION_HEADER, stream.upstreamSession);
            }
        }).build();
        return chain.filter(exchange.mutate().request(request)
                .response(new LegacyAnswer(exchange.getResponse(), stream)).build());
    }
}
