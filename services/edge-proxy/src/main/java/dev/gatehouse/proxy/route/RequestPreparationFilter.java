package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.exchange.MalformedRequestBody;
import dev.gatehouse.proxy.exchange.RequestFilterOrder;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Fixes what a proxied request is before anything decides on it (docs/architecture.md §3, issue 14): the client's
 * hop-by-hop nominations are dropped ({@link HopByHop}), a method override becomes the effective method
 * ({@link MethodOverride}), and the whole body is read, bounded, so that a body whose framing breaks
 * midway fails here instead of reaching the upstream as a shorter request. What is forwarded is exactly
 * that: the effective method, the query and form body without {@code _method}, the body with its
 * {@code Content-Length} (never chunked towards the upstream). Reading first costs memory (at most
 * {@code gatehouse.proxy.request.max-body} per request in flight) and the time to receive the body before
 * the upstream sees its first byte; nothing can be sent upstream that was not received whole.
 */
@Component
public class RequestPreparationFilter implements GlobalFilter, Ordered {

    public static final int ORDER = RequestFilterOrder.REQUEST_PREPARATION;

    private static final byte[] NO_BODY = new byte[0];
    private static final String H2C = "h2c";

    private final ProblemWriter problems;
    private final RequestProperties properties;

    RequestPreparationFilter(ProblemWriter problems, RequestProperties properties) {
        this.problems = problems;
        this.properties = properties;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null || !ProxyRoutes.ROUTE_ID.equals(route.getId())) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(request.getHeaders());
        String upgrade = upgrade(headers);
        HopByHop.strip(headers);
        if (H2C.equals(upgrade)) {
            // RFC 9110 §7.8 lets a server ignore Upgrade: an h2c attempt (the JDK client's default on plain
            // http) is answered as the HTTP/1.1 request it also is, and no Upgrade goes upstream.
            headers.remove(HttpHeaders.UPGRADE);
            headers.remove(HttpHeaders.CONNECTION);
            upgrade = null;
        }
        if (headers.getOrEmpty(HttpHeaders.CONTENT_TYPE).size() > 1) {
            // A singleton field twice: which one the upstream reads is anyone's guess (and what was approved).
            return problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                    "a request has at most one Content-Type");
        }
        String override;
        try {
            override = MethodOverride.of(headers, request.getURI().getRawQuery());
        } catch (MethodOverride.InvalidMethodOverride e) {
            return invalidOverride(exchange);
        }
        String asked = upgrade;
        return body(exchange)
                .flatMap(body -> prepare(exchange, chain, headers, override, body, asked))
                .onErrorResume(RequestBodies.TooLarge.class, e -> problems.write(exchange,
                        HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.INVALID_REQUEST,
                        "the request body is larger than the proxy takes (gatehouse.proxy.request.max-body)"))
                .onErrorResume(MalformedRequestBody.class, e -> malformed(exchange));
    }

    /** The protocols {@code Upgrade} asks for, lower-case, as one comma-separated list; {@code null} if none. */
    private static String upgrade(HttpHeaders headers) {
        List<String> values = headers.getOrEmpty(HttpHeaders.UPGRADE);
        if (values.isEmpty()) {
            return null;
        }
        StringJoiner protocols = new StringJoiner(",");
        for (String value : values) {
            for (String protocol : value.split(",")) {
                protocols.add(protocol.trim().toLowerCase(Locale.ROOT));
            }
        }
        return protocols.toString();
    }

    /** The body as the client framed it (its own headers: a nomination cannot hide a body). */
    private Mono<byte[]> body(ServerWebExchange exchange) {
        byte[] buffered = exchange.getAttribute(ExchangeAttributes.BUFFERED_BODY);
        if (buffered != null) {
            return Mono.just(buffered);
        }
        return declaresBody(exchange.getRequest().getHeaders())
                ? RequestBodies.read(exchange, properties.maxBodyAsInt()) : Mono.just(NO_BODY);
    }

    private static boolean declaresBody(HttpHeaders headers) {
        return headers.getContentLength() >= 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    private Mono<Void> prepare(ServerWebExchange exchange, GatewayFilterChain chain, HttpHeaders headers,
                               String override, byte[] body, String upgrade) {
        ServerHttpRequest request = exchange.getRequest();
        MethodOverride.Resolved resolved;
        try {
            resolved = MethodOverride.withBody(override, mediaType(headers), body);
        } catch (MethodOverride.InvalidMethodOverride e) {
            return invalidOverride(exchange);
        }
        String effective = resolved.method();
        byte[] forwarded = resolved.body();
        String method = effective == null ? request.getMethod().name() : effective;
        MethodOverride.HEADERS.forEach(headers::remove);
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        if (declaresBody(request.getHeaders())) {
            headers.setContentLength(forwarded.length);
        }
        exchange.getAttributes().put(RequestShape.ATTRIBUTE,
                new RequestShape(method, request.getMethod().name(), forwarded, upgrade));
        ServerHttpRequest prepared = request.mutate()
                .method(HttpMethod.valueOf(method))
                .uri(withoutOverride(request.getURI(), effective != null))
                .headers(replaced -> {
                    replaced.clear();
                    replaced.addAll(headers);
                })
                .build();
        return chain.filter(RequestBodies.replaying(exchange.mutate().request(prepared).build(), forwarded));
    }

    private static URI withoutOverride(URI uri, boolean overridden) {
        String query = uri.getRawQuery();
        if (!overridden || !MethodOverride.mayNameParameter(query)) {
            return uri;
        }
        String kept = MethodOverride.withoutParameter(query);
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
                + (kept == null ? "" : "?" + kept));
    }

    /**
     * The media type as frameworks read it (Rack, Symfony): what precedes the first ';', trimmed and
     * lower-cased, so a Content-Type a strict parser would reject still counts as the form it names.
     */
    private static String mediaType(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        if (value == null) {
            return "";
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private Mono<Void> invalidOverride(ServerWebExchange exchange) {
        return problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "method overrides (X-HTTP-Method-Override, X-HTTP-Method, X-Method-Override, _method) must name "
                        + "one method, once or in agreement, and _method only in the query or a URL-encoded form");
    }

    /** The body broke its framing: answered and the connection closed, its rest is never read as a request. */
    private Mono<Void> malformed(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "the request body's chunked framing is malformed");
    }
}
