package dev.gatehouse.proxy.ssh;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.server.channel.ChannelSession;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Agent forwarding ({@code ssh -A}): the agent's {@code auth-agent-req@openssh.com} on a session channel is kept
 * with the channel and decided when its command or shell starts, after the command itself is allowed (request
 * kind {@value #KIND}, statement {@value #STATEMENT}: the request's own name reads as an e-mail address to the
 * audit trail's masking). Allowed: a write-ahead REQUEST, and the host's
 * command runs on an upstream connection that asks for agent forwarding and accepts the host's agent channels
 * ({@link HostChannel}), each decided and recorded again. Refused: a DECISION event, and the command runs
 * without an agent, as with an OpenSSH server that does not forward agents (the client asked without wanting a
 * reply, so nothing is said on the command's stderr). A review is held without an approval URL shown.
 */
final class AgentForwarding {

    static final String KIND = "agent-forward";
    static final String STATEMENT = "auth-agent";
    /** The agent asked on this session channel: the request's name. */
    static final AttributeRepository.AttributeKey<String> ASKED = new AttributeRepository.AttributeKey<>();

    private AgentForwarding() {
    }

    /** When the agent asked for it on {@code channel} and the gate allows it, the host's command gets the agent. */
    static void offer(SshServices services, SshSession session, ChannelSession channel, UpstreamExec upstream)
            throws IOException {
        if (channel.getAttribute(ASKED) == null) {
            return;
        }
        ExecJudge judge = new ExecJudge(services, session, OutputStream.nullOutputStream());
        ExecJudge.Ruling ruling = judge.judge(KIND, STATEMENT);
        if (ruling.refusal() == null && judge.admit(KIND, STATEMENT, ruling)) {
            upstream.forwardAgent(HostLink.agentForward(channel.getSession(), session, ruling));
        }
    }
}
