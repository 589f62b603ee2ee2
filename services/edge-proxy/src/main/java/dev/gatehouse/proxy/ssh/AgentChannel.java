package dev.gatehouse.proxy.ssh;

import org.apache.sshd.client.channel.AsyncCapableClientChannel;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.util.buffer.Buffer;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A channel the proxy opens to the agent's SSH client on behalf of the host: a connection the host accepted on
 * an allowed remote forward ({@code forwarded-tcpip}, whose address and port the client matches to the forward it
 * asked for) or the host's use of an allowed forwarded agent ({@code auth-agent@openssh.com}). Its streams are
 * read and written by {@link ForwardRelay}; MINA has this kind of channel only for its own client sessions.
 */
final class AgentChannel extends AsyncCapableClientChannel {

    private final Consumer<Buffer> payload;

    /** {@code payload} writes the type-specific fields of the open request (none for an agent channel). */
    AgentChannel(String type, Consumer<Buffer> payload) {
        super(type, false);
        this.payload = payload;
    }

    @Override
    public synchronized OpenFuture open() throws IOException {
        if (closeFuture.isClosed()) {
            throw new SshException("the agent's connection has closed");
        }
        openFuture = new DefaultOpenFuture(getChannelType(), futureLock);
        LocalWindow window = getLocalWindow();
        Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN, 128);
        buffer.putString(getChannelType());
        buffer.putUInt(getChannelId());
        buffer.putUInt(window.getSize());
        buffer.putUInt(window.getPacketSize());
        payload.accept(buffer);
        writePacket(buffer);
        return openFuture;
    }
}
