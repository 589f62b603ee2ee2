package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Lease;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A local port forward ({@code ssh -L}, {@code ssh -W}: a {@code direct-tcpip} channel) decided by the gate per
 * channel open, with the destination {@code host:port} as the operation's statement (request kind
 * {@value #KIND}), so a rule can allow {@code db.internal:5432} and nothing else. Allowed: a write-ahead
 * REQUEST, then a {@code direct-tcpip} channel of a session on the connection's host logged in with the
 * leased credential, so the host makes the connection as OpenSSH would (the proxy never opens a socket to
 * an address the agent chose), relayed by {@link ForwardRelay}; the RESPONSE with the bytes each way and
 * the duration when it closes. Refused: a DECISION event and an open failure (administratively
 * prohibited), nothing opened upstream; the SSH connection goes on. Deciding blocks, so it runs on a
 * virtual thread, not on the I/O thread that got the open.
 */
final class GatedForward extends RelayedChannel {

    static final String KIND = "port-forward";

    /** Replaces MINA's own direct-tcpip factory, which would connect from the proxy. */
    record Factory(SshServices services, UpstreamExec upstream) implements ChannelFactory {

        @Override
        public String getName() {
            return "direct-tcpip";
        }

        @Override
        public Channel createChannel(Session session) {
            return new GatedForward(services, upstream);
        }
    }

    private final SshServices services;
    private final UpstreamExec upstream;

    private GatedForward(SshServices services, UpstreamExec upstream) {
        this.services = services;
        this.upstream = upstream;
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        String host = buffer.getString();
        long port = buffer.getUInt();
        OpenFuture opened = new DefaultOpenFuture(this, this);
        SshSession session = getSession().getAttribute(SshSession.KEY);
        ForwardRelay relay = relay();
        Thread.ofVirtual().name("ssh-forward").start(() -> open(session, host, port, relay, opened));
        return opened;
    }

    private void open(SshSession session, String host, long port, ForwardRelay relay, OpenFuture opened) {
        String target = ForwardTarget.text(host, port);
        if (session == null) {
            refuse(opened, "not logged in");
            return;
        }
        ExecJudge judge = new ExecJudge(services, session, OutputStream.nullOutputStream());
        try {
            if (!ForwardTarget.usable(host, port)) {
                judge.refuse(KIND, target, null, "the forward's destination is not a host name and port");
                refuse(opened, "unusable destination");
                return;
            }
            ExecJudge.Ruling ruling = judge.judge(KIND, target);
            if (ruling.refusal() != null) {
                refuse(opened, ruling.refusal());
                return;
            }
            forward(session, judge, ruling, host, (int) port, relay, opened);
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            // fail closed: the policy, audit trail or vault did not answer, or the host refused the channel
            refuse(opened, SftpJudge.unavailable(e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getClass().getSimpleName())));
        }
    }

    private void forward(SshSession session, ExecJudge judge, ExecJudge.Ruling ruling, String host, int port,
                         ForwardRelay relay, OpenFuture opened) throws IOException,
            java.security.GeneralSecurityException {
        String target = ForwardTarget.text(host, port);
        Lease lease = services.leases.lease(session.connection, session.id(), session.identity, session.audit.upcoming())
                .block(Duration.ofMinutes(1));
        if (lease == null || lease.credential().type() != Credential.Type.SSH_KEY) {
            judge.refuse(KIND, target, ruling.decision(), "the connection's credential cannot be used for SSH");
            refuse(opened, "no SSH credential");
            return;
        }
        session.leaseId = lease.leaseId();
        if (!judge.admit(KIND, target, ruling)) {
            refuse(opened, "not approved");
            return;
        }
        long started = System.nanoTime();
        String failure = openOnHost(session, lease.credential(), host, port, relay);
        if (failure != null) {
            services.gate.recordAfter(services.events.forwardEnded(session, KIND, target, ruling.decision(),
                    ruling.approvalId(), java.util.Map.of("failure", failure), (System.nanoTime() - started) / 1_000_000));
            failOpen(opened, SshConstants.SSH_OPEN_CONNECT_FAILED, "the host could not open the forward");
            return;
        }
        signalChannelOpenSuccess();
        opened.setOpened();
        relay.run(moved -> services.gate.recordAfter(services.events.forwardEnded(session, KIND, target, ruling.decision(),
                ruling.approvalId(), SshAuditEvents.bytes(moved.forward(), moved.back()),
                (System.nanoTime() - started) / 1_000_000)));
    }

    /** The host's direct-tcpip channel, handed to the relay; why not (the exception's name) when it failed. */
    private String openOnHost(SshSession session, Credential credential, String host, int port, ForwardRelay relay) {
        ClientSession hostSession = null;
        try {
            hostSession = upstream.login(session.upstream, credential);
            ChannelDirectTcpip channel = hostSession.createDirectTcpipChannel(
                    new SshdSocketAddress(session.clientAddress, 0), new SshdSocketAddress(host, port));
            channel.open().verify(services.properties.connectTimeout());
            ClientSession opened = hostSession;
            relay.opened(channel, () -> opened.close(true));
            return null;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            if (hostSession != null) {
                hostSession.close(true);
            }
            return e.getClass().getSimpleName();
        }
    }
}
