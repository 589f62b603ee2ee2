package dev.gatehouse.proxy.kubernetes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

import java.io.File;
import java.net.InetSocketAddress;

/**
 * The TLS port for kubectl ({@link KubernetesProperties}): the application's own HTTP handler (security,
 * gateway route, gate) behind a second socket, with the server customisations the main port has (the
 * request framing guard among them) and a {@link SpdyDoor} for kubectl's bare SPDY upgrades. Its certificate
 * is the configured PEM pair, or one generated at start-up ({@link ListenerCertificate}) whose PEM
 * {@link #certificatePem()} gives to kubeconfig writers.
 */
@Component
public class KubernetesListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KubernetesListener.class);

    private final KubernetesProperties properties;
    private final ObjectProvider<HttpHandler> handler;
    private final ObjectProvider<NettyServerCustomizer> customizers;
    private final Environment environment;
    private volatile DisposableServer server;
    private volatile String certificatePem;

    KubernetesListener(KubernetesProperties properties, ObjectProvider<HttpHandler> handler,
                       ObjectProvider<NettyServerCustomizer> customizers, Environment environment) {
        this.properties = properties;
        this.handler = handler;
        this.customizers = customizers;
        this.environment = environment;
    }

    @Override
    public void start() {
        if (!properties.enabled() || server != null) {
            return;
        }
        Http11SslContextSpec tls = tls(properties.tls());
        HttpServer http = HttpServer.create().port(properties.port()).secure(spec -> spec.sslContext(tls));
        if (properties.bindAddress() != null && !properties.bindAddress().isBlank()) {
            http = http.host(properties.bindAddress());
        }
        for (NettyServerCustomizer customizer : customizers.orderedStream().toList()) {
            http = customizer.apply(http);
        }
        // after the customisers' handlers (the request framing guard among them), before Reactor Netty's own
        http = http.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, SpdyDoor.NAME, new SpdyDoor(this::ownPort));
            }
        });
        server = http.handle(new ReactorHttpHandlerAdapter(handler.getObject())).bindNow();
        log.info("Kubernetes API port (kubectl) listening on {}", server.port());
    }

    private Http11SslContextSpec tls(KubernetesProperties.Tls tls) {
        if (tls.pemConfigured()) {
            return Http11SslContextSpec.forServer(new File(tls.certificate()), new File(tls.privateKey()));
        }
        if (!tls.selfSigned()) {
            throw new IllegalStateException("gatehouse.proxy.kubernetes.tls needs certificate and private-key "
                    + "(or self-signed for local use): kubectl sends its token only over TLS");
        }
        ListenerCertificate generated = ListenerCertificate.generate();
        certificatePem = generated.pem();
        log.warn("Kubernetes API port uses a self-signed certificate generated at start-up (local use only)");
        return Http11SslContextSpec.forServer(generated.keys().getPrivate(), generated.certificate());
    }

    /**
     * The proxy's main HTTP port on loopback, where a bare SPDY upgrade's WebSocket form is asked for
     * ({@link SpdyDoor}): the port Spring Boot bound ({@code local.server.port}), on {@code server.address} when
     * one is set.
     */
    private InetSocketAddress ownPort() {
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (port == null) {
            throw new IllegalStateException("the proxy's HTTP port is not bound yet");
        }
        String address = environment.getProperty("server.address");
        return new InetSocketAddress(address == null || address.isBlank() || address.equals("0.0.0.0")
                ? "127.0.0.1" : address, port);
    }

    /** The port it listens on, once started. */
    public int port() {
        DisposableServer running = server;
        if (running == null) {
            throw new IllegalStateException("the Kubernetes port is not open");
        }
        return running.port();
    }

    /** The generated certificate (PEM), or {@code null} when a configured one is used. */
    public String certificatePem() {
        return certificatePem;
    }

    @Override
    public void stop() {
        DisposableServer running = server;
        server = null;
        if (running != null) {
            running.disposeNow();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
