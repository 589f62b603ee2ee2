package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.auth.CallerTokenVerifier;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.gate.Review;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import dev.gatehouse.proxy.vault.LeaseCache;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.io.File;
import java.util.concurrent.atomic.AtomicInteger;

/** What every MySQL session uses, shared by all of them. */
@Component
@ConditionalOnProperty(prefix = "gatehouse.proxy.mysql", name = "enabled", havingValue = "true")
class MysqlServices {

    private static final Logger log = LoggerFactory.getLogger(MysqlServices.class);

    final MysqlProperties properties;
    final CallerTokenVerifier tokens;
    /** Decisions and audit records go through the gate only (docs/adapter-contract.md). */
    final Gate gate;
    final Review review;
    final LeaseCache leases;
    final Masking masking;
    final MyAuditEvents events;
    private final ConnectionDirectory connections;
    private final AtomicInteger connectionIds = new AtomicInteger();
    private volatile SslContext serverTls;
    private volatile boolean tlsLoaded;

    MysqlServices(MysqlProperties properties, CallerTokenVerifier tokens, Gate gate, Review review, LeaseCache leases,
                  Masking masking, MyAuditEvents events, ConnectionDirectory connections) {
        this.properties = properties;
        this.tokens = tokens;
        this.gate = gate;
        this.review = review;
        this.leases = leases;
        this.masking = masking;
        this.events = events;
        this.connections = connections;
    }

    /** The upstream of a MySQL connection of the active policy; empty when there is none of that name. */
    Mono<String> upstream(String connection) {
        return connections.find(connection)
                .filter(target -> target.protocol() == Protocol.MYSQL && target.upstream() != null)
                .map(target -> target.upstream());
    }

    int nextConnectionId() {
        return connectionIds.incrementAndGet() & 0x7FFFFFFF;
    }

    /** The listener's TLS context, or {@code null} when none is configured. Built once, at start. */
    SslContext serverTls() {
        if (!tlsLoaded) {
            synchronized (this) {
                if (!tlsLoaded) {
                    serverTls = buildTls(properties.tls());
                    tlsLoaded = true;
                }
            }
        }
        return serverTls;
    }

    private static SslContext buildTls(MysqlProperties.Tls tls) {
        try {
            if (tls.pemConfigured()) {
                return SslContextBuilder.forServer(new File(tls.certificate()), new File(tls.privateKey())).build();
            }
            if (tls.selfSigned()) {
                SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
                log.warn("MySQL listener uses a self-signed certificate generated at start-up (local use only)");
                return SslContextBuilder.forServer(certificate.key(), certificate.cert()).build();
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException("MySQL listener TLS cannot be set up: " + e.getMessage(), e);
        }
    }
}
