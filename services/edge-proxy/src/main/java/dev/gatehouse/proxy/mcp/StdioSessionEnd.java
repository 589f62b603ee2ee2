package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.auth.CallerAuthentication;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * The end of an MCP session by the client's DELETE (Streamable HTTP): for a stdio server's session of this
 * caller on this connection the process is killed and the answer is 204; anything else is 405, as before
 * (an HTTP server's sessions are not bound to callers here, so their DELETE is not relayed). Runs after
 * Spring Security (the caller is verified) and never reaches the gateway's route.
 */
@Component
class StdioSessionEnd implements WebFilter, Ordered {

    static final String END = StdioSessionEnd.class.getName() + ".end";

    private final StdioSessions sessions;

    StdioSessionEnd(StdioSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public int getOrder() {
        return 0; // after the security filter chain (-100)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!Boolean.TRUE.equals(exchange.getAttribute(END))) {
            return chain.filter(exchange);
        }
        String connection = exchange.getRequest().getURI().getRawPath().substring("/proxy/".length());
        String session = exchange.getRequest().getHeaders().getFirst(McpInspectionFilter.SESSION_HEADER);
        return exchange.getPrincipal().ofType(CallerAuthentication.class)
                .map(caller -> sessions.end(session, connection, StdioRoutingFilter.owner(caller)))
                .defaultIfEmpty(false)
                .flatMap(ended -> {
                    if (ended) {
                        exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
                    } else {
                        exchange.getResponse().setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
                        exchange.getResponse().getHeaders().setAllow(Set.of(HttpMethod.POST));
                    }
                    return exchange.getResponse().setComplete();
                });
    }
}
