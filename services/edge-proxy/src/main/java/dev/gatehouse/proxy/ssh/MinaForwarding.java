package dev.gatehouse.proxy.ssh;

import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;

/**
 * MINA's own forwarding, all refused: it would listen and connect from the proxy and hand the proxy's agent out.
 * Gatehouse's gated paths replace it: {@link GatedForward} ({@code -L}, {@code -W}), {@link RemoteForwards}
 * ({@code -R}) and {@link AgentForwarding} ({@code -A}), whose request on a session channel is kept here for the
 * command that follows. X11 forwarding is refused.
 */
final class MinaForwarding implements ForwardingFilter {

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        return false; // MINA's tcpip-forward handler is not installed: RemoteForwards decides those
    }

    @Override
    public boolean canConnect(TcpForwardingFilter.Type type, SshdSocketAddress address, Session session) {
        return false; // MINA's own direct-tcpip channel is not installed: GatedForward decides those
    }

    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        return false;
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return false;
    }

    /**
     * Session channels that keep an agent forwarding request for their command to decide ({@link AgentForwarding}).
     * OpenSSH asks without wanting a reply; a client that wants one is told yes, and the decision still comes
     * with the command.
     */
    ChannelSessionFactory sessions() {
        return new ChannelSessionFactory() {
            @Override
            public Channel createChannel(Session session) {
                return new ChannelSession() {
                    @Override
                    protected RequestHandler.Result handleAgentForwardingParsed(String requestType) {
                        setAttribute(AgentForwarding.ASKED, requestType);
                        return RequestHandler.Result.ReplySuccess;
                    }
                };
            }
        };
    }
}
