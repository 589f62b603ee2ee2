package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ConnectionTarget;
import dev.gatehouse.model.Protocol;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;

/**
 * The SSH login: the user name is the connection, the password (or the keyboard-interactive answer)
 * the caller's CI token, verified exactly as over HTTP ({@code CallerTokenVerifier}). The connection
 * must be an SSH connection of the active policy, and SESSION_STARTED is recorded write-ahead before
 * the login succeeds: a bad token, an unknown connection or a silent audit trail refuse the login, so
 * no channel ever opens. Asynchronous (MINA's {@link AsyncAuthException}): no I/O thread waits.
 */
final class TokenLogin implements PasswordAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(TokenLogin.class);

    private final SshServices services;
    private final SessionLimits limits;

    TokenLogin(SshServices services, SessionLimits limits) {
        this.services = services;
        this.limits = limits;
    }

    @Override
    public boolean authenticate(String connection, String token, ServerSession session) {
        if (session.getAttribute(SshSession.KEY) != null) {
            return false; // one identity per connection: a second login attempt after success is refused
        }
        AsyncAuthException pending = new AsyncAuthException();
        services.tokens.verify(token)
                .flatMap(identity -> open(connection, identity, session))
                .flatMap(this::admit)
                .flatMap(opened -> services.gate.recordWriteAhead(services.events.sessionStarted(opened))
                        .thenReturn(opened)
                        .doOnError(error -> limits.ended(opened))
                        .doOnCancel(() -> limits.ended(opened)))
                .timeout(services.properties.loginTimeout())
                .subscribe(opened -> {
                    session.setAttribute(SshSession.KEY, opened);
                    limits.started(session, opened);
                    pending.setAuthed(true);
                }, error -> {
                    log.info("SSH login to connection {} refused: {}", printable(connection), reason(error));
                    if (error instanceof SessionLimitReached reached) {
                        disconnect(session, reached.getMessage()); // the agent sees why, not a wrong password
                    } else {
                        pending.setAuthed(false);
                    }
                });
        throw pending;
    }

    /** The caller's concurrent-session limit: over it, a DECISION event and the login refused with the reason. */
    private Mono<SshSession> admit(SshSession opened) {
        String refusal = limits.admit(opened);
        if (refusal == null) {
            return Mono.just(opened);
        }
        return services.gate.recordStop(services.events.sessionRefused(opened, refusal))
                .then(Mono.error(() -> new SessionLimitReached(refusal)));
    }

    private static void disconnect(ServerSession session, String why) {
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS, "Gatehouse: " + why);
        } catch (java.io.IOException e) {
            session.close(true);
        }
    }

    private Mono<SshSession> open(String connection, CallerIdentity identity, ServerSession session) {
        return services.connections.find(connection)
                .filter(target -> target.protocol() == Protocol.SSH && target.upstream() != null)
                .map(ConnectionTarget::upstream)
                .map(upstream -> new SshSession(connection, identity, upstream, address(session)))
                .switchIfEmpty(Mono.error(() -> new IllegalArgumentException("no SSH connection of that name")));
    }

    private static String address(ServerSession session) {
        return session.getClientAddress() instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() : String.valueOf(session.getClientAddress());
    }

    /** Never the token: only what kind of failure it was. */
    private static String reason(Throwable error) {
        if (error instanceof InvalidBearerTokenException) {
            return "invalid token";
        }
        return error instanceof IllegalArgumentException || error instanceof SessionLimitReached ? error.getMessage() : error.getClass().getSimpleName();
    }

    /** A user name is the client's text: logged only as printable ASCII, at most 64 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
