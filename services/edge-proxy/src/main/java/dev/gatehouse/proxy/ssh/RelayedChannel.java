package dev.gatehouse.proxy.ssh;

import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelPipedInputStream;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.server.channel.AbstractServerChannel;

import java.io.IOException;
import java.util.Collections;

/**
 * A channel the proxy was asked to open (the agent's {@code direct-tcpip}, the host's {@code forwarded-tcpip} or
 * agent channel) whose bytes a {@link ForwardRelay} carries to the channel opened for it on the other side. The
 * open is answered later, from the virtual thread that decides it: {@link #refuse} or {@link #failOpen}.
 */
abstract class RelayedChannel extends AbstractServerChannel {

    private volatile ForwardRelay relay;

    RelayedChannel() {
        super("", Collections.emptyList(), null);
    }

    /** The relay for this channel, made before the open is confirmed: the other side's bytes may follow at once. */
    ForwardRelay relay() {
        ForwardRelay made = new ForwardRelay(this, getRemoteWindow(), new ChannelPipedInputStream(getLocalWindow(), 0L));
        relay = made;
        return made;
    }

    /** The asker gets the reason code only (MINA sends a generic text); the rule is in the DECISION event. */
    void refuse(OpenFuture opened, String why) {
        failOpen(opened, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, why);
    }

    void failOpen(OpenFuture opened, int reason, String why) {
        SshChannelOpenException failure = new SshChannelOpenException(getChannelId(), reason,
                "Gatehouse: " + why.replace('\n', ' '));
        try {
            signalChannelOpenFailure(failure);
            opened.setException(failure);
        } finally {
            close(true);
        }
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        relay.fromAsking(data, off, (int) len);
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        throw new IOException("a forwarded channel carries no extended data");
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        relay.askingEof();
    }
}
