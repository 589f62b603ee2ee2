package dev.gatehouse.proxy.kubernetes;

import io.netty.handler.ssl.SslContextBuilder;
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
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a Kubernetes connection's requests over TLS that trusts exactly the cluster's CA (the
 * connection's {@code caCertificate} setting), with host name verification, instead of the JVM's trust
 * store: clusters are signed by their own CA. Runs just before the gateway's own routing filter and
 * routes these exchanges itself (the gateway's filter then sees them as routed); every other exchange
 * passes. One client per connection and CA, built once (the gateway's client with its pool, timeouts
 * and customisations, only its TLS replaced).
 */
@Component
class ClusterTlsRoutingFilter implements GlobalFilter, Ordered {

    private final ClusterRouting routing;

    ClusterTlsRoutingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
                            HttpClientProperties properties) {
        this.routing = new ClusterRouting(httpClient, headersFilters, properties);
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

        private final HttpClient base;
        private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

        ClusterRouting(HttpClient base, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
                       HttpClientProperties properties) {
            super(base, headersFilters, properties);
            this.base = base;
        }

        @Override
        protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
            KubernetesConnection connection = exchange.getAttribute(KubernetesConnection.ATTRIBUTE);
            HttpClient client = clients.computeIfAbsent(connection.name() + "\n" + connection.caCertificate(),
                    key -> trusting(connection.caCertificate()));
            return client;
        }

        /** An unreadable CA fails the request (the caller gets 502); it never falls back to another trust. */
        private HttpClient trusting(String caPem) {
            Http11SslContextSpec spec = Http11SslContextSpec.forClient().configure(builder -> trust(builder, caPem));
            return base.secure(ssl -> ssl.sslContext(spec));
        }

        private static void trust(SslContextBuilder builder, String caPem) {
            builder.trustManager(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
        }
    }
}
