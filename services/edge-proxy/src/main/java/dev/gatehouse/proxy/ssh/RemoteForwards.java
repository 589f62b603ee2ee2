package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Lease;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.helpers.AbstractConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * Remote port forwards ({@code ssh -R}): the {@code tcpip-forward} and {@code cancel-tcpip-forward} global
 * requests, in place of MINA's handlers (which would listen on the proxy). A forward is decided as
 * {@code port-forward} with the statement {@code listen host:port} (an empty host, every address, is {@code *});
 * allowed, a write-ahead REQUEST, then an upstream connection logged in with the session's lease asks the host to
 * listen, as OpenSSH's own {@code -R} would: the proxy listens on nothing. The host's answer (the port it bound,
 * for port 0) is the agent's; each connection the host accepts comes back as a {@link HostChannel}. Refused or
 * failed: a DECISION event (or a RESPONSE naming the failure) and a failure reply, which {@code ssh} reports
 * ("remote port forwarding failed"; fatal with {@code ExitOnForwardFailure}). A review holds the reply until a
 * reviewer decides (there is no stderr to show the approval URL on).
 *
 * <p>Replies to global requests must keep their order (RFC 4254 §4) and deciding blocks, so each connection's
 * requests are answered one after the other on a virtual thread ({@link SshSession#inOrder}), keepalives too:
 * a keepalive answered at once would overtake a forward still being decided.
 */
final class RemoteForwards extends AbstractConnectionServiceRequestHandler {

    static final String LISTEN = "tcpip-forward";
    static final String CANCEL = "cancel-tcpip-forward";
    /** Each holds an upstream connection: an agent asking for more is refused rather than trusted. */
    static final int MAX_LISTENS = 16;
    private static final Logger log = LoggerFactory.getLogger(RemoteForwards.class);

    private final SshServices services;
    private final UpstreamExec upstream;

    RemoteForwards(SshServices services, UpstreamExec upstream) {
        this.services = services;
        this.upstream = upstream;
    }

    @Override
    public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        Session agent = service.getSession();
        SshSession session = agent.getAttribute(SshSession.KEY);
        boolean keepalive = request.startsWith("keepalive@") || request.startsWith("keep-alive@");
        if (!LISTEN.equals(request) && !CANCEL.equals(request) && !keepalive) {
            return Result.Unsupported;
        }
        if (session == null) {
            return Result.ReplyFailure; // not logged in
        }
        if (keepalive) {
            session.inOrder(() -> reply(agent, wantReply, true, null));
            return Result.Replied;
        }
        String host = buffer.getString();
        long port = buffer.getUInt();
        if (CANCEL.equals(request)) {
            session.inOrder(() -> reply(agent, wantReply, cancel(session, host, port), null));
        } else {
            session.inOrder(() -> {
                Integer bound = listen(agent, session, host, port);
                reply(agent, wantReply, bound != null, port == 0 ? bound : null);
            });
        }
        return Result.Replied;
    }

    /** {@code listen host:port} as a rule's glob sees it. */
    static String statement(String host, long port) {
        return "listen " + ForwardTarget.text(host.isEmpty() ? "*" : host, port);
    }

    /** The port the host listens on for the agent; null when refused or the host would not. */
    private Integer listen(Session agent, SshSession session, String host, long port) {
        if (!agent.isOpen()) {
            return null; // queued behind a request the disconnect stopped
        }
        String statement = statement(host, port);
        ExecJudge judge = new ExecJudge(services, session, OutputStream.nullOutputStream());
        try {
            if (!(host.isEmpty() || ForwardTarget.usable(host, Math.max(port, 1))) || port > 65535) {
                judge.refuse(GatedForward.KIND, statement, null, "the forward's address is not a host name and port");
                return null;
            }
            if (session.listens.size() >= MAX_LISTENS) {
                judge.refuse(GatedForward.KIND, statement, null, "at most " + MAX_LISTENS
                        + " remote forwards per SSH connection");
                return null;
            }
            ExecJudge.Ruling ruling = judge.judge(GatedForward.KIND, statement);
            if (ruling.refusal() != null) {
                return null;
            }
            Lease lease = services.leases.lease(session.connection, session.id(), session.identity,
                    session.audit.upcoming()).block(Duration.ofMinutes(1));
            if (lease == null || lease.credential().type() != Credential.Type.SSH_KEY) {
                judge.refuse(GatedForward.KIND, statement, ruling.decision(),
                        "the connection's credential cannot be used for SSH");
                return null;
            }
            session.leaseId = lease.leaseId();
            if (!judge.admit(GatedForward.KIND, statement, ruling)) {
                return null;
            }
            return listenOnHost(agent, session, lease.credential(), HostLink.remoteForward(agent, session, statement,
                    ruling, host), (int) port);
        } catch (IOException | RuntimeException e) {
            if (!agent.isOpen()) {
                log.debug("SSH remote forward {} stopped: the agent disconnected", statement);
            } else {
                log.info("SSH remote forward refused; the policy, audit trail or vault did not answer: {}",
                        e.getClass().getSimpleName());
            }
            return null; // fail closed: nothing was asked of the host
        }
    }

    /** Asks the host to listen on a connection of its own; the bound port, or null with a RESPONSE naming why not. */
    private Integer listenOnHost(Session agent, SshSession session, Credential credential, HostLink link, int port) {
        long started = System.nanoTime();
        ClientSession host = null;
        String failure;
        try {
            host = upstream.login(session.upstream, credential);
            host.setAttribute(HostLink.KEY, link);
            Buffer ask = host.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, 64);
            ask.putString(LISTEN);
            ask.putBoolean(true);
            ask.putString(link.listenHost());
            ask.putUInt(port);
            Buffer answer = host.request(LISTEN, ask, services.properties.connectTimeout());
            if (answer != null && agent.isOpen()) {
                int bound = port == 0 ? (int) answer.getUInt() : port;
                link.listenPort().complete(bound);
                new RemoteListen(services, host, link, ForwardTarget.text(link.listenHost(), bound)).begin();
                return bound;
            }
            failure = answer == null ? "the host refused to listen" : "the agent disconnected";
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            failure = e.getClass().getSimpleName();
        }
        if (host != null) {
            host.close(true);
        }
        log.info("SSH remote forward {} not made on the host: {}", link.statement(), failure);
        link.listenPort().completeExceptionally(new IOException(failure));
        services.gate.recordAfter(services.events.forwardEnded(session, GatedForward.KIND, link.statement(),
                link.ruling().decision(), link.ruling().approvalId(), java.util.Map.of("failure", failure),
                (System.nanoTime() - started) / 1_000_000));
        return null;
    }

    private static boolean cancel(SshSession session, String host, long port) {
        RemoteListen listen = session.listens.get(ForwardTarget.text(host, port));
        if (listen == null) {
            return false;
        }
        listen.end();
        return true;
    }

    private static void reply(Session agent, boolean wantReply, boolean success, Integer port) {
        if (!wantReply) {
            return;
        }
        try {
            Buffer reply = agent.createBuffer(success ? SshConstants.SSH_MSG_REQUEST_SUCCESS
                    : SshConstants.SSH_MSG_REQUEST_FAILURE, Integer.BYTES);
            if (success && port != null) {
                reply.putUInt(port);
            }
            agent.writePacket(reply);
        } catch (IOException e) {
            log.debug("the agent's connection closed before its global request was answered");
        }
    }
}
