package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import dev.gatehouse.proxy.problem.JsonRpcErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The upstream of an MCP connection whose upstream is {@code stdio:/path/to/server}: instead of an HTTP
 * request, the message goes to the session's server process ({@link StdioSessions}), which the proxy
 * launches from the connection's configuration ({@link StdioCommand}) on {@code initialize} and whose
 * session id it hands out as {@code Mcp-Session-Id}. It runs where the gateway's HTTP client would (after
 * the decision, the write-ahead REQUEST and the vault's credential, which becomes the process's
 * {@code credentialEnv}), and writes its answer through the same response decorators: a request's answer
 * is an event stream of what the server writes until its answer (tool lists filtered, server requests
 * decided, results masked, the RESPONSE recorded); a notification or an answer is 202.
 */
@Component
class StdioRoutingFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(StdioRoutingFilter.class);

    private final StdioSessions sessions;
    private final ConnectionDirectory directory;
    private final Duration callTimeout;

    StdioRoutingFilter(StdioSessions sessions, ConnectionDirectory directory,
                       @Value("${gatehouse.proxy.mcp.stdio.call-timeout:5m}") Duration callTimeout) {
        this.sessions = sessions;
        this.directory = directory;
        this.callTimeout = callTimeout;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1; // where the gateway's HTTP client would send it
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        McpMessage message = exchange.getAttribute(McpInspectionFilter.MESSAGE);
        if (target == null || !"stdio".equals(target.getScheme()) || ServerWebExchangeUtils.isAlreadyRouted(exchange)) {
            return chain.filter(exchange);
        }
        ServerWebExchangeUtils.setAlreadyRouted(exchange);
        if (message == null) {
            return fail(exchange.getResponse(), null, HttpStatus.BAD_GATEWAY, "a stdio server takes MCP messages only");
        }
        String connection = ArgumentMeanings.connection(exchange);
        return Mono.zip(exchange.getPrincipal().ofType(CallerAuthentication.class),
                        directory.settings(connection).defaultIfEmpty(Map.of()))
                .flatMap(found -> relay(exchange, message, connection, owner(found.getT1()),
                        StdioCommand.of(target.toString(), found.getT2())))
                .onErrorResume(StdioCommand.UnusableCommand.class, e -> {
                    log.warn("connection {}: {}", connection, e.getMessage());
                    return fail(exchange.getResponse(), message.id(), HttpStatus.SERVICE_UNAVAILABLE,
                            "the connection's stdio server is misconfigured");
                })
                .onErrorResume(StdioSessions.TooManySessions.class, e -> fail(exchange.getResponse(), message.id(),
                        HttpStatus.SERVICE_UNAVAILABLE, "too many stdio MCP sessions run on this proxy"));
    }

    private Mono<Void> relay(ServerWebExchange exchange, McpMessage message, String connection, String owner,
                             StdioCommand command) {
        byte[] body = exchange.getAttribute(ExchangeAttributes.BUFFERED_BODY);
        String session = exchange.getRequest().getHeaders().getFirst(McpInspectionFilter.SESSION_HEADER);
        ServerHttpResponse response = exchange.getResponse();
        if (session == null && !"initialize".equals(message.method())) {
            return fail(response, message.id(), HttpStatus.BAD_REQUEST, "no Mcp-Session-Id: initialize first");
        }
        Mono<StdioProcess> process = session != null
                ? Mono.justOrEmpty(sessions.find(session, connection, owner))
                : Mono.fromCallable(() -> {
                    String opened = sessions.open(command, credential(exchange), connection, owner);
                    response.getHeaders().set(McpInspectionFilter.SESSION_HEADER, opened);
                    return sessions.find(opened, connection, owner).orElseThrow();
                }).subscribeOn(Schedulers.boundedElastic());
        return process
                .flatMap(server -> message.notification() || message.answer() ? accepted(response, server, body)
                        : answered(response, server, body, message))
                .switchIfEmpty(Mono.defer(() -> fail(response, message.id(), HttpStatus.NOT_FOUND,
                        "no such MCP session (ended, or another caller's): initialize again")));
    }

    private static Mono<Void> accepted(ServerHttpResponse response, StdioProcess server, byte[] body) {
        return server.send(body).then(Mono.defer(() -> {
            response.setStatusCode(HttpStatus.ACCEPTED);
            return response.setComplete();
        }));
    }

    private Mono<Void> answered(ServerHttpResponse response, StdioProcess server, byte[] body, McpMessage message) {
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
        Flux<String> messages = server.request(body, message.id()).timeout(callTimeout)
                .onErrorResume(e -> Flux.just(new String(JsonRpcErrors.body(message.id(), JsonRpcErrors.UNAVAILABLE,
                        e instanceof TimeoutException ? "the stdio server did not answer in time"
                                : "the stdio server ended", null), StandardCharsets.UTF_8)));
        Flux<DataBuffer> events = messages.map(line -> response.bufferFactory()
                .wrap(("event: message\ndata: " + line + "\n\n").getBytes(StandardCharsets.UTF_8)));
        return response.writeAndFlushWith(events.map(Flux::just));
    }

    private static String credential(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7) : null;
    }

    static String owner(CallerAuthentication caller) {
        return caller.identity().issuer() + '\u0000' + caller.identity().subject();
    }

    private static Mono<Void> fail(ServerHttpResponse response, Object id, HttpStatus status, String detail) {
        return JsonRpcErrors.write(response, id, status, JsonRpcErrors.UNAVAILABLE, detail, null);
    }
}
