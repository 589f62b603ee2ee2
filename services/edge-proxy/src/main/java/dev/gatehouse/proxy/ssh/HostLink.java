package dev.gatehouse.proxy.ssh;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.session.Session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the host may open back through one upstream connection the proxy made, and where it goes: the agent's
 * SSH connection ({@code agent}), the one channel type the connection was made for, and the kind and statement
 * each such channel is decided as ({@code port-forward} {@code listen host:port}, {@code agent-forward}). For a
 * remote forward, the address the agent asked to listen on and the port the host bound: what the agent's client
 * matches a {@code forwarded-tcpip} channel against. Set as an attribute of the upstream connection before the
 * host is asked for anything, so nothing the host opens finds it missing.
 */
record HostLink(Session agent, SshSession session, String channelType, String kind, String statement,
                ExecJudge.Ruling ruling, String listenHost, CompletableFuture<Integer> listenPort, AtomicLong channels) {

    static final AttributeRepository.AttributeKey<HostLink> KEY = new AttributeRepository.AttributeKey<>();

    static HostLink agentForward(Session agent, SshSession session, ExecJudge.Ruling ruling) {
        return new HostLink(agent, session, HostChannel.AGENT, AgentForwarding.KIND, AgentForwarding.STATEMENT, ruling, null,
                CompletableFuture.completedFuture(0), new AtomicLong());
    }

    static HostLink remoteForward(Session agent, SshSession session, String statement, ExecJudge.Ruling ruling,
                                  String listenHost) {
        return new HostLink(agent, session, HostChannel.FORWARDED, GatedForward.KIND, statement, ruling, listenHost,
                new CompletableFuture<>(), new AtomicLong());
    }
}
