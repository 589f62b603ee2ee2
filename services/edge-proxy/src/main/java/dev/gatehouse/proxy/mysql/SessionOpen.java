package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Lease;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import dev.gatehouse.proxy.vault.VaultUnavailable;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

/**
 * Opens a session: the caller's JWT verified as over HTTP, the connection's upstream from the active
 * policy, a lease for this session, the upstream login with the lease's credential, and the write-ahead
 * SESSION_STARTED event. Any failure is an ERR naming what failed, never the token or the credential.
 */
final class SessionOpen {

    private static final Logger log = LoggerFactory.getLogger(SessionOpen.class);

    private final MySession s;
    private final String user;
    private int sequence;

    SessionOpen(MySession session, String user) {
        this.s = session;
        this.user = user == null ? "" : user;
    }

    private record Granted(CallerIdentity identity, String upstream, Lease lease) {
    }

    private static final class NoTarget extends RuntimeException {
        NoTarget() {
            super("no target", null, false, false);
        }
    }

    void start(String token, int sequence) {
        this.sequence = sequence;
        MyContext context = s.context;
        s.services.tokens.verify(token)
                .flatMap(identity -> s.services.upstream(context.connection)
                        .switchIfEmpty(Mono.error(NoTarget::new))
                        .flatMap(upstream -> s.services.leases.lease(context.connection, context.sessionId, identity,
                                context.audit.upcoming()).map(lease -> new Granted(identity, upstream, lease))))
                .subscribe(granted -> s.client.eventLoop().execute(() -> {
                    if (s.phase == MySession.Phase.LOGIN) {
                        connect(granted);
                    } else {
                        s.releaseLease(); // the client left while the vault minted its user
                    }
                }), error -> onLoop(() -> refused(error)));
    }

    private void onLoop(Runnable action) {
        s.client.eventLoop().execute(() -> {
            if (s.phase == MySession.Phase.LOGIN) {
                action.run();
            }
        });
    }

    private void refused(Throwable error) {
        if (error instanceof InvalidBearerTokenException) {
            fail(1045, "28000", "Access denied for user '" + user + "' (Gatehouse: the token was not accepted)");
        } else if (error instanceof NoTarget) {
            fail(1044, "42000", "Access denied: Gatehouse has no MySQL connection '" + s.context.connection + "'");
        } else if (error instanceof PolicyUnavailable) {
            fail(1045, "08004", "Gatehouse cannot open the session now: the policy service did not answer");
        } else if (error instanceof VaultUnavailable) {
            fail(1045, "08004", "Gatehouse cannot open the session now: no credential for the connection");
        } else {
            log.warn("MySQL session login failed: {}", error.getClass().getSimpleName());
            fail(1045, "08004", "Gatehouse cannot open the session now");
        }
    }

    private void fail(int code, String sqlState, String message) {
        s.refuseAndClose(sequence, code, sqlState, message);
    }

    private void connect(Granted granted) {
        Credential credential = granted.lease().credential();
        if (credential.type() != Credential.Type.PASSWORD && credential.type() != Credential.Type.BASIC) {
            log.warn("connection {} has a {} credential, which MySQL cannot use", s.context.connection, credential.type());
            fail(1045, "08004", "the connection's credential cannot be used for MySQL");
            return;
        }
        MyAddress address;
        try {
            address = MyAddress.parse(granted.upstream());
        } catch (IllegalArgumentException e) {
            log.warn("connection {} has an unusable upstream", s.context.connection);
            fail(2005, "08001", "the connection's upstream is misconfigured");
            return;
        }
        s.context.identity = granted.identity();
        s.context.leaseId = granted.lease().leaseId();
        s.context.role = credential.username();
        UpstreamLogin.connect(s.client, address, credential, s.services, s.clientCapabilities, new UpstreamLogin.Listener() {
            @Override
            public void ready(Channel upstream) {
                onLoop(() -> loggedIn(upstream));
            }

            @Override
            public void failed(String message) {
                onLoop(() -> fail(2013, "08S01", "Gatehouse could not open the database session: " + message));
            }
        });
    }

    private void loggedIn(Channel upstream) {
        s.upstream = upstream;
        upstream.config().setAutoRead(false);
        s.services.gate.recordWriteAhead(s.services.events.sessionStarted(s.context))
                .subscribe(null, error -> onLoop(() -> {
                    log.warn("{}", error instanceof AuditNotAcknowledged ? error.getMessage() : error.getClass().getSimpleName());
                    fail(1045, "08004", "Gatehouse cannot open the session now: the audit trail did not acknowledge it");
                }), () -> onLoop(() -> {
                    s.started = true;
                    s.ready(sequence);
                }));
    }
}
