package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.llm.LlmEntryFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entry of the MCP route: the agent's MCP endpoint {@code /mcp/{connection}} is the proxy route
 * {@code /proxy/{connection}} with each JSON-RPC message inspected ({@link McpInspectionFilter}). The CI
 * token arrives as {@code Authorization: Bearer} and Spring Security verifies it exactly as on the HTTP
 * route. Only POST is relayed: the server-to-client stream (GET) would carry server requests (sampling,
 * elicitation) no policy has seen, and a session's DELETE is not relayed (no upstream session is bound to
 * a caller); both are 405, which Streamable HTTP clients accept. A DELETE of a stdio server's session, which
 * the proxy binds to its caller, ends it ({@link StdioSessionEnd}, after authentication). Runs before security, so everything after sees the rewritten path.
 */
@Component
public class McpEntryFilter implements WebFilter, Ordered {

    public static final int ORDER = LlmEntryFilter.ORDER + 1;
    static final String CALL = McpEntryFilter.class.getName() + ".call";
    private static final String PREFIX = "/mcp/";
    /** One connection name, nothing after it: the MCP endpoint is one URL. */
    private static final Pattern ENDPOINT = Pattern.compile("/mcp/[A-Za-z0-9][A-Za-z0-9._-]{0,127}/?");
    /** The old HTTP+SSE transport's two URLs. */
    private static final Pattern LEGACY = Pattern.compile("/mcp/([A-Za-z0-9][A-Za-z0-9._-]{0,127})/(sse|messages)");

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String rawPath = request.getURI().getRawPath();
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return chain.filter(exchange);
        }
        Matcher legacy = LEGACY.matcher(rawPath);
        if (legacy.matches()) {
            return legacy(exchange, chain, legacy.group(1), legacy.group(2));
        }
        if (!ENDPOINT.matcher(rawPath).matches()) {
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return exchange.getResponse().setComplete();
        }
        boolean end = request.getMethod() == HttpMethod.DELETE
                && request.getHeaders().getFirst(McpInspectionFilter.SESSION_HEADER) != null;
        if (request.getMethod() != HttpMethod.POST && !end) {
            exchange.getResponse().setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
            exchange.getResponse().getHeaders().setAllow(java.util.Set.of(HttpMethod.POST));
            return exchange.getResponse().setComplete();
        }
        String connection = rawPath.substring(PREFIX.length()).replace("/", "");
        exchange.getAttributes().put(end ? StdioSessionEnd.END : CALL, Boolean.TRUE);
        return chain.filter(exchange.mutate().request(request.mutate().path("/proxy/" + connection).build()).build());
    }

    /**
     * The HTTP+SSE transport of 2024-11-05 ({@link LegacySse}): {@code GET …/sse} opens the stream,
     * {@code POST …/messages?sessionId=…} is an MCP message like any other, its answer sent on the stream.
     */
    private Mono<Void> legacy(ServerWebExchange exchange, WebFilterChain chain, String connection, String endpoint) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod expected = endpoint.equals("sse") ? HttpMethod.GET : HttpMethod.POST;
        if (request.getMethod() != expected) {
            exchange.getResponse().setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
            exchange.getResponse().getHeaders().setAllow(java.util.Set.of(expected));
            return exchange.getResponse().setComplete();
        }
        if (expected == HttpMethod.GET) {
            exchange.getAttributes().put(LegacySse.OPEN, connection);
        } else {
            exchange.getAttributes().put(CALL, Boolean.TRUE);
            exchange.getAttributes().put(LegacySse.POST, String.valueOf(request.getQueryParams().getFirst("sessionId")));
        }
        java.net.URI proxied = org.springframework.web.util.UriComponentsBuilder.fromUri(request.getURI())
                .replacePath("/proxy/" + connection).replaceQuery(null).build(true).toUri();
        return chain.filter(exchange.mutate().request(request.mutate().uri(proxied).build()).build());
    }
}
