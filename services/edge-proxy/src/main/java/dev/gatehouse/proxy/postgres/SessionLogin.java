package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Lease;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import dev.gatehouse.proxy.postgres.lineage.ColumnCatalog;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import dev.gatehouse.proxy.vault.VaultUnavailable;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens a session: the caller's JWT verified as over HTTP, the connection's upstream, a lease for this
 * session, the upstream login, and the write-ahead SESSION_STARTED event. Any failure is a FATAL
 * ErrorResponse naming what failed and never the token.
 */
final class SessionLogin {

    private static final Logger log = LoggerFactory.getLogger(SessionLogin.class);

    /**
     * Startup parameters passed on to the database; anything else (options, replication) is not, and the
     * {@link PinnedSettings} are always Gatehouse's own.
     */
    private static final Set<String> FORWARDED = Set.of("application_name", "DateStyle", "TimeZone",
            "extra_float_digits", "IntervalStyle", "search_path");

    private final ClientSession session;
    private final ListenerServices services;

    SessionLogin(ClientSession session) {
        this.session = session;
        this.services = session.services;
    }

    private record Granted(CallerIdentity identity, String upstream, Lease lease) {
    }

    private static final class NoTarget extends RuntimeException {
        NoTarget() {
            super("no target", null, false, false);
        }
    }

    private static final class OverLimit extends RuntimeException {
        OverLimit(String message) {
            super(message, null, false, false);
        }
    }

    void start(String token) {
        SessionContext context = session.context;
        services.tokens.verify(token)
                .flatMap(this::admit)
                .flatMap(identity -> services.targets.upstream(context.connection)
                        .switchIfEmpty(Mono.error(NoTarget::new))
                        .flatMap(upstream -> services.leases.lease(context.connection, context.sessionId, identity,
                                context.audit.upcoming())
                                .map(lease -> new Granted(identity, upstream, lease))))
                .subscribe(granted -> onLoop(() -> connect(granted)), error -> onLoop(() -> refused(error)));
    }

    /** Before the lease: a caller over its limit never gets a role minted. */
    private Mono<CallerIdentity> admit(CallerIdentity identity) {
        SessionLimits.Admission admission = services.limits.admit(identity, session.context.connection);
        if (!admission.admitted()) {
            return Mono.error(new OverLimit(admission.refusal));
        }
        session.admission = admission;
        if (!session.client.isActive()) {
            admission.leave(); // the client left while its token was being verified
        }
        return Mono.just(identity);
    }

    private void onLoop(Runnable action) {
        session.client.eventLoop().execute(() -> {
            if (session.link.phase() == ClientLink.Phase.LOGIN) {
                action.run();
            }
        });
    }

    private void refused(Throwable error) {
        if (error instanceof InvalidBearerTokenException) {
            session.fatal(SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + session.context.userLabel + "\"");
        } else if (error instanceof OverLimit) {
            session.fatal(SqlState.TOO_MANY_CONNECTIONS, error.getMessage());
        } else if (error instanceof NoTarget) {
            session.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "no access to connection \"" + session.context.connection + "\"");
        } else if (error instanceof PolicyUnavailable) {
            session.fatal(SqlState.CANNOT_CONNECT_NOW, "Gatehouse cannot open the session now: the policy service did not answer");
        } else if (error instanceof VaultUnavailable) {
            session.fatal(SqlState.CANNOT_CONNECT_NOW, "Gatehouse cannot open the session now: no credential for the connection");
        } else {
            log.warn("session login failed: {}", error.getClass().getSimpleName());
            session.fatal(SqlState.CANNOT_CONNECT_NOW, "Gatehouse cannot open the session now");
        }
    }

    private void connect(Granted granted) {
        SessionContext context = session.context;
        Credential credential = granted.lease().credential();
        if (credential.type() != Credential.Type.PASSWORD && credential.type() != Credential.Type.BASIC) {
            log.warn("connection {} has a {} credential, which PostgreSQL cannot use", context.connection,
                    credential.type());
            session.fatal(SqlState.CANNOT_CONNECT_NOW, "the connection's credential cannot be used for PostgreSQL");
            return;
        }
        try {
            session.address = UpstreamAddress.parse(granted.upstream(), context.connection);
            session.upstreamText = granted.upstream();
        } catch (IllegalArgumentException e) {
            log.warn("connection {} has an unusable upstream", context.connection);
            session.fatal(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION, "the connection's upstream is misconfigured");
            return;
        }
        context.identity = granted.identity();
        context.leaseId = granted.lease().leaseId();
        context.role = credential.username();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", credential.username());
        parameters.put("database", session.address.database());
        session.startup.forEach((name, value) -> {
            if (FORWARDED.contains(name)) {
                parameters.put(name, value);
            }
        });
        parameters.putAll(PinnedSettings.UPSTREAM);
        UpstreamLogin.connect(session.client, session.address, credential, parameters, services, new UpstreamLogin.Listener() {
            @Override
            public void ready(Channel upstream, List<PgFrame> statuses, int processId, int secret) {
                onLoggedIn(upstream, statuses, processId, secret);
            }

            @Override
            public void failed(String message) {
                onLoop(() -> session.fatal(SqlState.CONNECTION_FAILURE, "Gatehouse could not open the database session: " + message));
            }
        });
    }

    private void onLoggedIn(Channel upstream, List<PgFrame> statuses, int processId, int secret) {
        if (session.link.phase() != ClientLink.Phase.LOGIN) {
            statuses.forEach(PgFrame::release);
            upstream.close();
            return;
        }
        session.upstream = upstream;
        session.upstreamProcessId = processId;
        session.upstreamSecret = secret;
        String database = session.upstreamText;
        if (services.catalogs.oversized(database)) {
            started(upstream, statuses); // without a catalog, as the last session found it too large
            return;
        }
        CatalogLoad.run(upstream, services.properties.lineageMaxRows(), loaded -> {
            if (session.link.phase() != ClientLink.Phase.LOGIN || loaded.lost()) {
                statuses.forEach(PgFrame::release);
                upstream.close();
                session.fatal(SqlState.CONNECTION_FAILURE, "Gatehouse could not open the database session: the connection was lost");
                return;
            }
            if (loaded.overCap()) {
                services.catalogs.foundOversized(database);
            }
            if (loaded.unavailable() != null) {
                services.catalogs.unavailable(database, session.context.connection, loaded.unavailable());
            }
            ColumnCatalog catalog = services.catalogs.share(database, loaded.catalog());
            session.lineage.loaded(catalog);
            session.context.writes.loaded(catalog);
            started(upstream, statuses);
        });
    }

    /** The catalog is loaded: SESSION_STARTED is recorded (write-ahead), then the client is told it is ready. */
    private void started(Channel upstream, List<PgFrame> statuses) {
        upstream.config().setAutoRead(false);
        services.gate.recordWriteAhead(services.events.sessionStarted(session.context))
                .subscribe(null, error -> onLoop(() -> {
                    statuses.forEach(PgFrame::release);
                    log.warn("{}", error instanceof AuditNotAcknowledged ? error.getMessage() : error.getClass().getSimpleName());
                    upstream.close();
                    session.fatal(SqlState.CANNOT_CONNECT_NOW, "Gatehouse cannot open the session now: the audit trail did not acknowledge it");
                }), () -> onLoop(() -> {
                    session.started = true;
                    upstream.config().setAutoRead(true);
                    session.ready(statuses);
                }));
    }
}
