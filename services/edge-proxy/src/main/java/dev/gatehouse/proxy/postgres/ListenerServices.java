package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.auth.CallerTokenVerifier;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.gate.Review;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.postgres.lineage.CatalogCache;
import dev.gatehouse.proxy.vault.LeaseCache;
import io.netty.handler.ssl.SslContext;
import org.springframework.stereotype.Component;

/** What every PostgreSQL session uses, shared by all of them. */
@Component
class ListenerServices {

    final PostgresProperties properties;
    final CallerTokenVerifier tokens;
    /** Decisions and audit records go through the gate only (docs/adapter-contract.md). */
    final Gate gate;
    final Review review;
    final LeaseCache leases;
    final PgAuditEvents events;
    final Masking masking;
    final UpstreamTargets targets;
    final CancelRegistry cancels = new CancelRegistry();
    final SessionLimits limits;
    final CatalogCache catalogs = new CatalogCache();
    private volatile SslContext serverTls;
    private volatile SslContext upstreamTls;
    private volatile boolean tlsLoaded;

    ListenerServices(PostgresProperties properties, CallerTokenVerifier tokens, Gate gate, Review review,
                     LeaseCache leases, PgAuditEvents events, Masking masking, UpstreamTargets targets) {
        this.properties = properties;
        this.tokens = tokens;
        this.gate = gate;
        this.review = review;
        this.leases = leases;
        this.events = events;
        this.masking = masking;
        this.targets = targets;
        this.limits = new SessionLimits(properties.limits().sessionsPerIdentity(),
                properties.limits().sessionsPerConnection());
    }

    /** The listener's TLS context, or {@code null} when none is configured. Built once, at start. */
    SslContext serverTls() {
        if (!tlsLoaded) {
            synchronized (this) {
                if (!tlsLoaded) {
                    serverTls = ListenerTls.server(properties.tls());
                    upstreamTls = ListenerTls.upstream();
                    tlsLoaded = true;
                }
            }
        }
        return serverTls;
    }

    SslContext upstreamTls() {
        serverTls();
        return upstreamTls;
    }
}
