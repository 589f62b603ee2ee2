package dev.gatehouse.proxy.kubernetes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.util.List;

/**
 * Sends a Kubernetes connection's requests over TLS that trusts exactly the cluster's CA (the
 * connection's {@code caCertificate} setting), with host name verification, instead of the JVM's trust
 * store: clusters are signed by their own CA. Runs just before the gateway's own routing filter and
 * routes these exchanges itself (the gateway's filter then sees them as routed); every other exchange
 * passes. The clients come from {@link ClusterClients}.
 */
@Component
class ClusterTlsRoutingFilter implements GlobalFilter, Ordered {

    private final ClusterRouting routing;

    ClusterTlsRoutingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
                            HttpClientProperties properties, ClusterClients clients) {
        this.routing = new ClusterRouting(httpClient, headersFilters, properties, clients);
    }

    @Override
    public int getOrder() {
        return NettyRoutingFilter.ORDER - 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        KubernetesConnection connection = exchange.getAttribute(KubernetesConnection.ATTRIBUTE);
        if (connection == null || connection.caCertificate() == null) {
            return chain.filter(exchange);
        }
        return routing.filter(exchange, chain);
    }

    /** The gateway's routing, with the HTTP client chosen by the exchange's cluster. */
    private static final class ClusterRouting extends NettyRoutingFilter {

        private final ClusterClients clients;

        ClusterRouting(HttpClient base, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
                       HttpClientProperties properties, ClusterClients clients) {
            super(base, headersFilters, properties);
            this.clients = clients;
        }

        @Override
        protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
            return clients.client(exchange.getAttribute(KubernetesConnection.ATTRIBUTE));
        }
    }
}
