package dev.gatehouse.proxy.mcp;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stdio MCP servers this replica runs: one process per MCP session, the session bound to the
 * connection and the caller that opened it (another caller's message with its id finds nothing). A
 * session ends, and its process is killed, when its caller DELETEs it, when it was idle for {@code gatehouse.proxy.mcp.stdio.idle-timeout},
 * when its process exits, and when the proxy stops. At most {@code gatehouse.proxy.mcp.stdio.max-sessions} run,
 * {@code …max-sessions-per-caller} of one caller.
 */
@Component
class StdioSessions implements DisposableBean {

    /** The replica runs as many server processes as it may. */
    static final class TooManySessions extends RuntimeException {
        TooManySessions() {
            super("too many stdio MCP sessions", null, false, false);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, StdioProcess> sessions = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final int maxSessions;
    private final int maxPerCaller;

    StdioSessions(@Value("${gatehouse.proxy.mcp.stdio.idle-timeout:10m}") Duration idle,
                  @Value("${gatehouse.proxy.mcp.stdio.max-sessions:32}") int maxSessions,
                  @Value("${gatehouse.proxy.mcp.stdio.max-sessions-per-caller:4}") int maxPerCaller) {
        this.idleNanos = idle.toNanos();
        this.maxSessions = maxSessions;
        this.maxPerCaller = maxPerCaller;
    }

    /** Starts the server for a new session; its id (128 random bits) is the session's. */
    String open(StdioCommand command, String credential, String connection, String owner) throws IOException {
        // one caller cannot take every process slot (each initialize starts a process)
        if (sessions.size() >= maxSessions
                || sessions.values().stream().filter(process -> process.ownedBy(owner)).count() >= maxPerCaller) {
            throw new TooManySessions();
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        sessions.put(id, StdioProcess.start(command, credential, connection, owner));
        return id;
    }

    Optional<StdioProcess> find(String id, String connection, String owner) {
        StdioProcess process = id == null ? null : sessions.get(id);
        return process != null && process.alive() && process.belongsTo(connection, owner) ? Optional.of(process)
                : Optional.empty();
    }

    /** Ends the caller's session (the client's DELETE): whether there was one to end. */
    boolean end(String id, String connection, String owner) {
        Optional<StdioProcess> found = find(id, connection, owner);
        found.ifPresent(process -> {
            sessions.remove(id, process);
            process.kill();
        });
        return found.isPresent();
    }

    int running() {
        return sessions.size();
    }

    @Scheduled(fixedDelayString = "${gatehouse.proxy.mcp.stdio.reap-interval:30s}")
    void endIdleSessions() {
        sessions.entrySet().removeIf(entry -> {
            boolean over = !entry.getValue().alive() || entry.getValue().idleLongerThan(idleNanos);
            if (over) {
                entry.getValue().kill();
            }
            return over;
        });
    }

    @Override
    public void destroy() {
        sessions.values().forEach(StdioProcess::kill);
        sessions.clear();
    }
}
