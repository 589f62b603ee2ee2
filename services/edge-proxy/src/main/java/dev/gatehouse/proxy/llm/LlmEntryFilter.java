package dev.gatehouse.proxy.llm;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The entry of the LLM route: {@code /llm/{connection}/v1/...} is the proxy route
 * {@code /proxy/{connection}/v1/...} with the call's body inspected ({@link LlmInspectionFilter}). An SDK
 * sends its API key where its API wants it; the CI token arrives as {@code Authorization: Bearer} (OpenAI)
 * or {@code x-api-key} (Anthropic), and the latter becomes the former here, before Spring Security verifies
 * it exactly as on the HTTP route. The key headers never go further: the vault's key replaces them.
 * Runs before security, so the path the firewall, the authentication and the route see is the rewritten one.
 */
@Component
public class LlmEntryFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    static final String PREFIX = "/llm/";
    static final String CALL = LlmEntryFilter.class.getName() + ".call";
    /** Where SDKs of OpenAI-, Anthropic- and Azure-style APIs put their key. */
    private static final List<String> KEY_HEADERS = List.of("x-api-key", "api-key");

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
        String key = null;
        for (String name : KEY_HEADERS) {
            key = key == null ? request.getHeaders().getFirst(name) : key;
        }
        String apiKey = key;
        ServerHttpRequest rewritten = request.mutate()
                .path("/proxy/" + rawPath.substring(PREFIX.length()))
                .headers(headers -> {
                    KEY_HEADERS.forEach(headers::remove);
                    if (apiKey != null && !headers.containsHeader(HttpHeaders.AUTHORIZATION)) {
                        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey.strip());
                    }
                })
                .build();
        exchange.getAttributes().put(CALL, Boolean.TRUE);
        return chain.filter(exchange.mutate().request(rewritten).build());
    }
}
