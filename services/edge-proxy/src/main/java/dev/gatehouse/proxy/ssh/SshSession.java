package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.proxy.gate.AuditSession;
import org.apache.sshd.common.AttributeRepository;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One authenticated SSH connection: the caller, the connection it named as its user, the upstream the
 * active policy gave that connection at login, and its audit session (SESSION_STARTED … SESSION_ENDED;
 * every request on any channel of the connection is numbered in it).
 */
final class SshSession {

    static final AttributeRepository.AttributeKey<SshSession> KEY = new AttributeRepository.AttributeKey<>();

    final String connection;
    final CallerIdentity identity;
    final String upstreamText;
    final SshUpstream upstream;
    final String clientAddress;
    final AuditSession audit = AuditSession.fresh();
    final long startedNanos = System.nanoTime();
    final AtomicLong requests = new AtomicLong();
    volatile String leaseId;
    /** Why Gatehouse ended the connection ({@code max-duration}, {@code idle-timeout}); null when the agent did. */
    volatile String endedBy;
    /** Counted against the caller's concurrent sessions ({@link SessionLimits}); released once. */
    final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean();
    volatile java.util.concurrent.Future<?> deadline;
    /** The remote forwards the host listens on for this connection, by {@code host:port} as the agent knows them. */
    final java.util.Map<String, RemoteListen> listens = new java.util.concurrent.ConcurrentHashMap<>();
    /** The global requests' replies, which must go out in the order the requests came (RFC 4254 §4). */
    private java.util.concurrent.CompletableFuture<Void> replies = java.util.concurrent.CompletableFuture.completedFuture(null);
    private volatile Thread answering;

    SshSession(String connection, CallerIdentity identity, String upstreamText, String clientAddress) {
        this.connection = connection;
        this.identity = identity;
        this.upstreamText = upstreamText;
        this.upstream = SshUpstream.parse(upstreamText);
        this.clientAddress = clientAddress;
    }

    String id() {
        return audit.id();
    }

    /** Runs {@code reply} on a virtual thread once every earlier global request of this connection is answered. */
    synchronized void inOrder(Runnable reply) {
        replies = replies.thenRunAsync(() -> {
            answering = Thread.currentThread();
            try {
                reply.run();
            } finally {
                answering = null;
            }
        }, task -> Thread.ofVirtual().name("ssh-global-request").start(task)).exceptionally(error -> null);
    }

    /**
     * The connection closed: a global request still being decided stops (a forward waiting for a reviewer: its
     * approval is withdrawn, the host never asked), and those queued behind it find the connection closed.
     */
    void stopAnswering() {
        Thread running = answering;
        if (running != null) {
            running.interrupt();
        }
    }
}
