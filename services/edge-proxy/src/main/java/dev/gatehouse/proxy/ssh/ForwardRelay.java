package dev.gatehouse.proxy.ssh;

import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.AbstractChannel;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.channel.ChannelPipedInputStream;
import org.apache.sshd.common.channel.RemoteWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Relays one allowed port forward between the agent's channel and the host's {@code direct-tcpip} channel, on
 * two virtual threads, and counts the bytes each way. Flow control is SSH's own on both sides: the agent's
 * window opens again only as its bytes are read here to go to the host, and writes to the agent wait for its
 * window. An EOF goes on to the other side; when either channel closes, both do.
 */
final class ForwardRelay {

    private static final Logger log = LoggerFactory.getLogger(ForwardRelay.class);

    private final AbstractChannel agent;
    private final ChannelPipedInputStream fromAgent;
    private final ChannelOutputStream toAgent;
    private volatile ClientSession hostSession;
    private volatile ChannelDirectTcpip host;

    ForwardRelay(AbstractChannel agent, RemoteWindow agentWindow, ChannelPipedInputStream fromAgent) {
        this.agent = agent;
        this.fromAgent = fromAgent;
        this.toAgent = new ChannelOutputStream(agent, agentWindow, log, SshConstants.SSH_MSG_CHANNEL_DATA, true);
        agent.addCloseFutureListener(closed -> closeHost());
    }

    /** The agent's bytes, as MINA hands them over on its I/O thread: queued for the relay thread. */
    void fromAgent(byte[] data, int off, int len) throws IOException {
        fromAgent.receive(data, off, len);
    }

    void agentEof() {
        fromAgent.eof();
    }

    /**
     * The host's side, open. When it closes nothing more can reach the host, so the agent's queued bytes are
     * dropped; what the host sent before is still in its channel's stream and reaches the agent first.
     */
    void upstream(ClientSession session, ChannelDirectTcpip channel) {
        hostSession = session;
        host = channel;
        channel.addCloseFutureListener(closed -> closeQuietly(fromAgent));
        if (agent.isClosing() || agent.isClosed()) {
            closeHost(); // the agent gave up while the host's channel was opening
        }
    }

    /** Relays until both directions are done; then {@code done} gets the facts (bytes each way) for the audit. */
    void run(Consumer<Map<String, String>> done) {
        long[] toAgentBytes = new long[1];
        Thread hostToAgent = Thread.ofVirtual().name("ssh-forward-out")
                .start(() -> toAgentBytes[0] = copy(host.getInvertedOut(), toAgent));
        long toHostBytes = copy(fromAgent, host.getInvertedIn());
        try {
            hostToAgent.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeHost();
        agent.close(false);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("bytesToHost", Long.toString(toHostBytes));
        facts.put("bytesToAgent", Long.toString(toAgentBytes[0]));
        done.accept(facts);
    }

    /** Copies to the end (or until either side breaks off) and passes the EOF on; the number of bytes copied. */
    private static long copy(InputStream in, OutputStream out) {
        long total = 0;
        byte[] buffer = new byte[32 * 1024];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
                total += read;
            }
        } catch (IOException e) {
            // the other side closed the channel: nothing more to relay this way
        } finally {
            try {
                out.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        return total;
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // a pipe: nothing to fail
        }
    }

    private void closeHost() {
        closeQuietly(fromAgent);
        ClientSession session = hostSession;
        if (session != null) {
            session.close(true);
        }
    }
}
