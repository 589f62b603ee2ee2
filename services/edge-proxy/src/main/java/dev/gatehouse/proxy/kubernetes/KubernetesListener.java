package dev.gatehouse.proxy.kubernetes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

import java.io.File;

/**
 * The TLS port for kubectl ({@link KubernetesProperties}): the application's own HTTP handler (security,
 * gateway route, gate) behind a second socket, with the server customisations the main port has (the
 * request framing guard among them). Its certificate is the configured PEM pair, or one generated at
 * start-up ({@link ListenerCertificate}) whose PEM {@link #certificatePem()} gives to kubeconfig writers.
 */
@Component
public class KubernetesListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KubernetesListener.class);

    private final KubernetesProperties properties;
    private final ObjectProvider<HttpHandler> handler;
    private final ObjectProvider<NettyServerCustomizer> customizers;
    private volatile DisposableServer server;
    private volatile String certificatePem;

    KubernetesListener(KubernetesProperties properties, ObjectProvider<HttpHandler> handler,
                       ObjectProvider<NettyServerCustomizer> customizers) {
        this.properties = properties;
        this.handler = handler;
        this.customizers = customizers;
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
