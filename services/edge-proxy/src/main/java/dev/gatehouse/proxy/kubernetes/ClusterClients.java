package dev.gatehouse.proxy.kubernetes;

import io.netty.handler.ssl.SslContextBuilder;
import org.springframework.stereotype.Component;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP client that talks to a cluster: the gateway's client (its pool, timeouts and customisations)
 * with TLS that trusts exactly the connection's {@code caCertificate}, with host name verification; the
 * gateway's own client (the JVM's trust store) when the connection names no CA. Built once per
 * connection and CA, shared by plain requests ({@link ClusterTlsRoutingFilter}) and streams
 * ({@link ClusterStreamFilter}).
 */
@Component
class ClusterClients {

    private final HttpClient base;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    ClusterClients(HttpClient base) {
        this.base = base;
    }

    HttpClient client(KubernetesConnection connection) {
        if (connection.caCertificate() == null) {
            return base;
        }
        return clients.computeIfAbsent(connection.name() + "\n" + connection.caCertificate(),
                key -> trusting(connection.caCertificate()));
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
