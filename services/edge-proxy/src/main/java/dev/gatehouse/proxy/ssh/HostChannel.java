package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A channel the host opens back through an upstream connection the proxy made for an allowed remote forward
 * ({@value #FORWARDED}: a connection the host accepted on the port it listens on for the agent) or for a command
 * with an allowed forwarded agent ({@value #AGENT}: the host using the agent's keys). Each channel is decided
 * again, as the forward was ({@link HostLink}), so a policy that changed since stops new channels; allowed, a
 * write-ahead REQUEST, then the same channel type opened to the agent's client ({@link AgentChannel}) and
 * relayed ({@link ForwardRelay}); its RESPONSE has the bytes each way. The upstream client offers only these
 * two channel types, and only on a connection made for that type: the host cannot open what the agent never
 * asked for (MINA answers "unknown channel type"). Deciding blocks, so it runs on a virtual thread.
 */
final class HostChannel extends RelayedChannel {

    static final String FORWARDED = "forwarded-tcpip";
    static final String AGENT = "auth-agent@openssh.com";

    /** The upstream client's factory for one of the two channel types. */
    record Factory(SshServices services, String type) implements ChannelFactory {

        @Override
        public String getName() {
            return type;
        }

        @Override
        public Channel createChannel(Session session) {
            HostLink link = session.getAttribute(HostLink.KEY);
            return link != null && link.channelType().equals(type) ? new HostChannel(services, link) : null;
        }
    }

    private final SshServices services;
    private final HostLink link;

    private HostChannel(SshServices services, HostLink link) {
        this.services = services;
        this.link = link;
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        Map<String, String> facts = Map.of();
        Consumer<Buffer> payload = open -> { };
        if (FORWARDED.equals(link.channelType())) {
            buffer.getString(); // the address the host listens on: the agent is told the one it asked for
            buffer.getUInt();
            String told = buffer.getString();
            long port = buffer.getUInt();
            // what the host says the connection came from goes into the trail and to the agent: plain, or nothing
            boolean plain = ForwardTarget.usable(told, port);
            String originHost = plain ? told : "0.0.0.0";
            long originPort = plain ? port : 0;
            facts = Map.of("from", ForwardTarget.text(originHost, originPort));
            payload = open -> {
                open.putString(link.listenHost());
                open.putUInt(link.listenPort().join());
                open.putString(originHost);
                open.putUInt(originPort);
            };
        }
        OpenFuture opened = new DefaultOpenFuture(this, this);
        ForwardRelay relay = relay();
        Map<String, String> from = facts;
        Consumer<Buffer> fields = payload;
        Thread.ofVirtual().name("ssh-host-channel").start(() -> open(from, fields, relay, opened));
        return opened;
    }

    private void open(Map<String, String> from, Consumer<Buffer> payload, ForwardRelay relay, OpenFuture opened) {
        SshSession session = link.session();
        Duration timeout = services.properties.connectTimeout();
        try {
            link.listenPort().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Decision decision = services.gate.decide(session.identity,
                    Operation.ssh(session.connection, link.kind(), link.statement())).block(Duration.ofMinutes(1));
            String refusal = refusal(decision);
            if (refusal != null) {
                session.requests.incrementAndGet();
                services.gate.recordStop(services.events.refused(session, link.kind(), link.statement(), decision,
                        refusal)).block(Duration.ofSeconds(30));
                refuse(opened, refusal);
                return;
            }
            session.requests.incrementAndGet();
            services.gate.recordRequest(services.events.request(session, link.kind(), link.statement(), decision,
                    link.ruling().approvalId(), from), decision).block(Duration.ofMinutes(1));
            link.channels().incrementAndGet();
            relayToAgent(session, decision, payload, relay, opened, timeout);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // fail closed: the policy or audit trail did not answer; the agent's side is never opened
            refuse(opened, "Gatehouse cannot open it now");
        }
    }

    /** Opens the same channel to the agent's client and relays; the RESPONSE when it ends (or could not open). */
    private void relayToAgent(SshSession session, Decision decision, Consumer<Buffer> payload, ForwardRelay relay,
                              OpenFuture opened, Duration timeout) {
        long started = System.nanoTime();
        AgentChannel toAgent = new AgentChannel(link.channelType(), payload);
        try {
            link.agent().getService(ConnectionService.class).registerChannel(toAgent);
            toAgent.open().verify(timeout);
        } catch (IOException | RuntimeException e) {
            toAgent.close(true);
            services.gate.recordAfter(services.events.forwardEnded(session, link.kind(), link.statement(), decision,
                    link.ruling().approvalId(), Map.of("failure", "the agent's client did not open it"),
                    (System.nanoTime() - started) / 1_000_000));
            failOpen(opened, SshConstants.SSH_OPEN_CONNECT_FAILED, "the agent's side did not open");
            return;
        }
        relay.opened(toAgent, () -> toAgent.close(false));
        signalChannelOpenSuccess();
        opened.setOpened();
        relay.run(moved -> services.gate.recordAfter(services.events.forwardEnded(session, link.kind(),
                link.statement(), decision, link.ruling().approvalId(), SshAuditEvents.bytes(moved.back(),
                        moved.forward()), (System.nanoTime() - started) / 1_000_000)));
    }

    /**
     * Why this channel may not open: a deny, or a review the forward was not approved under (a rule that now asks
     * for a review cannot be met by holding a connection the host already accepted); null when it may.
     */
    private String refusal(Decision decision) {
        if (decision == null || decision.verdict() == Verdict.DENY) {
            return decision == null ? "no decision" : "denied by Gatehouse policy rule " + decision.ruleId()
                    + (decision.reason() == null ? "" : ": " + decision.reason());
        }
        if (decision.verdict() == Verdict.REVIEW && link.ruling().approvalId() == null) {
            return "Gatehouse policy rule " + decision.ruleId() + " now asks for an approval: ask for the forward again";
        }
        return null;
    }
}
