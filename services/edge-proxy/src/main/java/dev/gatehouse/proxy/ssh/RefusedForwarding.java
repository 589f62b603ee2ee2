package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The forwards Gatehouse does not relay: remote port forwards ({@code ssh -R}, the {@code tcpip-forward} global
 * request) and agent forwarding ({@code ssh -A}, {@code auth-agent-req@openssh.com}), and X11. The first two
 * are still asked of the gate (request kinds {@code port-forward} with {@code listen host:port}, and
 * {@code agent-forward}) and recorded as a DECISION event naming the rule that denied them, or the rule that
 * would allow them and why Gatehouse refuses anyway; the refusal itself never waits for that, so no I/O
 * thread blocks. Local forwards are {@link GatedForward}.
 */
final class RefusedForwarding implements ForwardingFilter {

    static final String AGENT = "agent-forward";
    private static final Logger log = LoggerFactory.getLogger(RefusedForwarding.class);

    private final SshServices services;

    RefusedForwarding(SshServices services) {
        this.services = services;
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        record(session, GatedForward.KIND, "listen " + ForwardTarget.text(address.getHostName(), address.getPort()),
                "remote port forwarding");
        return false;
    }

    @Override
    public boolean canConnect(TcpForwardingFilter.Type type, SshdSocketAddress address, Session session) {
        return false; // MINA's own direct-tcpip channel is not installed: GatedForward decides those
    }

    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        record(session, AGENT, requestType, "agent forwarding");
        return false;
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return false;
    }

    /** Session channels whose agent forwarding request reaches {@link #canForwardAgent} (MINA skips it without an agent factory). */
    ChannelSessionFactory sessions() {
        return new ChannelSessionFactory() {
            @Override
            public Channel createChannel(Session session) {
                return new ChannelSession() {
                    @Override
                    protected RequestHandler.Result handleAgentForwardingParsed(String requestType) {
                        canForwardAgent(getSession(), requestType);
                        return RequestHandler.Result.ReplyFailure;
                    }
                };
            }
        };
    }

    private void record(Session server, String kind, String text, String what) {
        SshSession session = server.getAttribute(SshSession.KEY);
        if (session == null) {
            return; // not logged in: MINA refuses forwarding requests before the login anyway
        }
        services.gate.decide(session.identity, Operation.ssh(session.connection, kind, text))
                .flatMap(decision -> {
                    session.requests.incrementAndGet();
                    return services.gate.recordStop(services.events.refused(session, kind, text, decision,
                            why(decision, what)));
                })
                .onErrorResume(error -> {
                    log.info("SSH {} refused; the policy or audit trail did not answer: {}", what,
                            error.getClass().getSimpleName());
                    return Mono.empty();
                })
                .subscribe();
    }

    static String why(Decision decision, String what) {
        if (decision.verdict() == Verdict.DENY) {
            return "denied by Gatehouse policy rule " + decision.ruleId()
                    + (decision.reason() == null ? "" : ": " + decision.reason());
        }
        return "Gatehouse does not relay " + what + " (policy rule " + decision.ruleId() + " would allow it)";
    }
}
