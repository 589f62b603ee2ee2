package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import dev.gatehouse.proxy.route.MaskingResponseFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Puts {@link ToolListFilter} under the response of every MCP message. A response decorator must be in
 * place before the gateway's response writer runs, long before the body's inspection, so this filter
 * runs right before the masking's and the decorator decides at write time, from what the inspection
 * found, whether the answer is a tool list to filter.
 */
@Component
class ToolListResponseFilter implements GlobalFilter, Ordered {

    private final Gate gate;
    private final ToolPins pins;
    private final ConnectionDirectory directory;
    private final RelayedRequests relayed;

    ToolListResponseFilter(Gate gate, ToolPins pins, ConnectionDirectory directory, RelayedRequests relayed) {
        this.gate = gate;
        this.pins = pins;
        this.directory = directory;
        this.relayed = relayed;
    }

    @Override
    public int getOrder() {
        return MaskingResponseFilter.ORDER - 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!Boolean.TRUE.equals(exchange.getAttribute(McpEntryFilter.CALL))) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().response(new ToolListFilter(exchange, gate, pins, directory, relayed)).build());
    }
}
