package dev.gatehouse.proxy.ssh;

import org.apache.sshd.client.session.ClientSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One allowed remote forward while the host listens for it: the upstream connection that asked (closing it stops
 * the host listening) and what the forward's RESPONSE reports when it ends, once, however it ends (the agent
 * cancels it or disconnects, the host's connection drops).
 */
final class RemoteListen {

    private final SshServices services;
    private final ClientSession host;
    private final HostLink link;
    private final String key;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();

    RemoteListen(SshServices services, ClientSession host, HostLink link, String key) {
        this.services = services;
        this.host = host;
        this.link = link;
        this.key = key;
    }

    /** Listed in the agent's session (cancel and the session's end find it there), ended with the host's connection. */
    void begin() {
        link.session().listens.put(key, this);
        host.addCloseFutureListener(closed -> recordEnd()); // at once if it has closed already
    }

    /** Stops the host listening; the RESPONSE follows from the connection's close. */
    void end() {
        host.close(true);
    }

    private void recordEnd() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        SshSession session = link.session();
        session.listens.remove(key, this);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("listening", key);
        facts.put("connections", Long.toString(link.channels().get()));
        services.gate.recordAfter(services.events.forwardEnded(session, link.kind(), link.statement(),
                link.ruling().decision(), link.ruling().approvalId(), facts,
                (System.nanoTime() - startedNanos) / 1_000_000));
    }
}
