package dev.gatehouse.proxy.ssh;

import org.apache.sshd.client.channel.ClientChannel;
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
import java.util.function.Consumer;

/**
 * Relays one allowed forward between the channel the proxy was asked to open (the agent's {@code direct-tcpip};
 * the host's {@code forwarded-tcpip} or {@code auth-agent@openssh.com}) and the channel the proxy opened for it on
 * the other side, on two virtual threads, and counts the bytes each way. Flow control is SSH's own on both
 * sides: the asking side's window opens again only as its bytes are read here to go on, and writes to it wait
 * for its window. An EOF goes on to the other side; when either channel closes, both do.
 */
final class ForwardRelay {

    private static final Logger log = LoggerFactory.getLogger(ForwardRelay.class);

    /** Bytes relayed: from the asking side to the opened one, and back. */
    record Moved(long forward, long back) {
    }

    private final AbstractChannel asking;
    private final ChannelPipedInputStream fromAsking;
    private final ChannelOutputStream toAsking;
    private volatile Runnable closeOpened;
    private volatile ClientChannel opened;

    ForwardRelay(AbstractChannel asking, RemoteWindow askingWindow, ChannelPipedInputStream fromAsking) {
        this.asking = asking;
        this.fromAsking = fromAsking;
        this.toAsking = new ChannelOutputStream(asking, askingWindow, log, SshConstants.SSH_MSG_CHANNEL_DATA, true);
        asking.addCloseFutureListener(closed -> closeOpened());
    }

    /** The asking side's bytes, as MINA hands them over on its I/O thread: queued for the relay thread. */
    void fromAsking(byte[] data, int off, int len) throws IOException {
        fromAsking.receive(data, off, len);
    }

    void askingEof() {
        fromAsking.eof();
    }

    /**
     * The other side, open; {@code close} ends it (the channel, or the whole upstream connection made for it).
     * When it closes nothing more can go that way, so the asking side's queued bytes are dropped; what it sent
     * before is still in its channel's stream and goes on first.
     */
    void opened(ClientChannel channel, Runnable close) {
        closeOpened = close;
        opened = channel;
        channel.addCloseFutureListener(closed -> closeQuietly(fromAsking));
        if (asking.isClosing() || asking.isClosed()) {
            closeOpened(); // the asking side gave up while the other one was opening
        }
    }

    /** Relays until both directions are done; then {@code done} gets the bytes each way, for the audit. */
    void run(Consumer<Moved> done) {
        long[] back = new long[1];
        Thread backwards = Thread.ofVirtual().name("ssh-forward-back")
                .start(() -> back[0] = copy(opened.getInvertedOut(), toAsking));
        long forward = copy(fromAsking, opened.getInvertedIn());
        try {
            backwards.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeOpened();
        asking.close(false);
        done.accept(new Moved(forward, back[0]));
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

    private void closeOpened() {
        closeQuietly(fromAsking);
        Runnable close = closeOpened;
        if (close != null) {
            close.run();
        }
    }
}
