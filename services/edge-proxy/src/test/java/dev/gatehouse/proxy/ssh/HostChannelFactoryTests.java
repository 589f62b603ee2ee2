package dev.gatehouse.proxy.ssh;

import org.apache.sshd.common.session.Session;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The host can open back only the channel type an allowed forward made its upstream connection for: an agent
 * channel on a remote forward's connection, a forwarded port on an agent forward's, or either on a connection made
 * for a command without them, gets no channel (MINA answers "unknown channel type").
 */
class HostChannelFactoryTests {

    private final HostChannel.Factory forwarded = new HostChannel.Factory(null, HostChannel.FORWARDED);
    private final HostChannel.Factory agent = new HostChannel.Factory(null, HostChannel.AGENT);

    @Test
    void aConnectionMadeForACommandTakesNoChannelBack() {
        Session upstream = upstreamWith(null);

        assertThat(forwarded.createChannel(upstream)).isNull();
        assertThat(agent.createChannel(upstream)).isNull();
    }

    @Test
    void aRemoteForwardsConnectionTakesForwardedPortsOnly() {
        Session upstream = upstreamWith(HostLink.remoteForward(null, null, "listen 127.0.0.1:8080", null, "127.0.0.1"));

        assertThat(forwarded.createChannel(upstream)).isInstanceOf(HostChannel.class);
        assertThat(agent.createChannel(upstream)).isNull();
    }

    @Test
    void anAgentForwardsConnectionTakesAgentChannelsOnly() {
        Session upstream = upstreamWith(HostLink.agentForward(null, null, null));

        assertThat(agent.createChannel(upstream)).isInstanceOf(HostChannel.class);
        assertThat(forwarded.createChannel(upstream)).isNull();
    }

    private static Session upstreamWith(HostLink link) {
        Session session = mock(Session.class);
        when(session.getAttribute(HostLink.KEY)).thenReturn(link);
        return session;
    }
}
