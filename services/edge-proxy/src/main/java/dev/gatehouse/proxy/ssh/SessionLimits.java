package dev.gatehouse.proxy.ssh;

import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionDisconnectHandler;
import org.apache.sshd.common.session.helpers.TimeoutIndicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The listener's session limits ({@code gatehouse.proxy.ssh.max-session-duration}, {@code idle-timeout},
 * {@code max-sessions-per-caller}): a caller identity's logins beyond its concurrent limit are refused; a
 * logged-in connection is disconnected when it reaches its maximum duration or has been idle too long (MINA's
 * own idle check, which counts traffic either way, with the reason replaced by ours). The disconnect message
 * names the limit, which the OpenSSH client prints; SESSION_ENDED says which limit ended it ({@code endedBy}).
 */
final class SessionLimits implements SessionDisconnectHandler {

    private static final Logger log = LoggerFactory.getLogger(SessionLimits.class);

    private final SshProperties properties;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    /** One daemon thread that only fires deadlines: the disconnect itself is asynchronous. */
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ssh-session-limits").daemon().factory());

    SessionLimits(SshProperties properties) {
        this.properties = properties;
    }

    /** Counts a login against its caller's limit; the refusal's message when the caller is already at it. */
    String admit(SshSession session) {
        int limit = properties.maxSessionsPerCaller();
        boolean[] admitted = {false};
        open.compute(key(session), (caller, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            return "caller " + session.identity.subject() + " already has " + limit
                    + " SSH sessions open, the most this listener allows at once; close one and retry";
        }
        session.counted.set(true);
        return null;
    }

    /** The login succeeded: the session's maximum duration starts now. */
    void started(Session server, SshSession session) {
        Duration max = properties.maxSessionDuration();
        session.deadline = clock.schedule(() -> end(server, session, "max-duration",
                "the session reached its maximum duration of " + human(max)), max.toMillis(), TimeUnit.MILLISECONDS);
        if (!server.isOpen()) {
            ended(session); // the agent left while the login was being recorded: nothing will call ended()
        }
    }

    /** The session closed (or its login failed after {@link #admit}): its count and deadline are released. */
    void ended(SshSession session) {
        Future<?> deadline = session.deadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (session.counted.compareAndSet(true, false)) {
            open.computeIfPresent(key(session), (caller, count) -> count <= 1 ? null : count - 1);
        }
    }

    @Override
    public boolean handleTimeoutDisconnectReason(Session server, TimeoutIndicator timeout) {
        SshSession session = server.getAttribute(SshSession.KEY);
        if (session == null || timeout.getStatus() != TimeoutIndicator.TimeoutStatus.IdleTimeout) {
            return false; // MINA's own handling: the login timeout
        }
        end(server, session, "idle-timeout", "the session was idle for " + human(properties.idleTimeout()));
        return true;
    }

    private static void end(Session server, SshSession session, String limit, String why) {
        session.endedBy = limit;
        log.info("SSH session {} of {} ended: {}", session.id(), session.identity.subject(), why);
        try {
            server.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, "Gatehouse: " + why);
        } catch (IOException e) {
            server.close(true);
        }
    }

    void stop() {
        clock.shutdownNow();
    }

    private static String key(SshSession session) {
        return session.identity.issuer() + " " + session.identity.subject();
    }

    /** {@code 8h}, {@code 30m}, {@code 90s}, {@code 1500ms}: how the properties are written. */
    static String human(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
