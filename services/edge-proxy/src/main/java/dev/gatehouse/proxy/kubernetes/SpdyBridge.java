package dev.gatehouse.proxy.kubernetes;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A client's bare SPDY connection joined to the proxy's own WebSocket form of its request
 * ({@link LoopbackWebSocket}), after {@link SpdyDoor} switched protocols. This base carries a port-forward as it
 * is: the same SPDY bytes the WebSocket form tunnels, so the proxy's {@link PortForwardTranscript} reads them
 * there. Bytes from the client are queued for a writer thread (the client's reads pause past {@link #QUEUED}
 * queued messages); a reader thread writes what comes back, one write in flight at a time.
 * Either side's end ends both.
 */
class SpdyBridge {

    static final int QUEUED = 64;
    private static final byte[] END = new byte[0];

    /** The door's place in the client's pipeline: writes start there, past Reactor Netty's HTTP handlers. */
    final ChannelHandlerContext client;
    final LoopbackWebSocket inner;
    private final Object writes = new Object();
    private final BlockingQueue<byte[]> toInner = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    SpdyBridge(ChannelHandlerContext client, LoopbackWebSocket inner) {
        this.client = client;
        this.inner = inner;
    }

    /** Starts the two threads. */
    final void start() {
        Thread.ofVirtual().name("gatehouse-spdy-in").start(this::drain);
        Thread.ofVirtual().name("gatehouse-spdy-out").start(this::pump);
    }

    /** Bytes the client sent (on its event loop; released here). */
    void fromClient(ByteBuf bytes) {
        try {
            toInner(ByteBufUtil.getBytes(bytes));
        } finally {
            bytes.release();
        }
    }

    /**
     * A message for the proxy's WebSocket. Never blocks (the caller is the client's event loop, which may also
     * serve the proxy's own port): past {@link #QUEUED} messages the client's reads pause, so only what one read
     * already delivered queues beyond it.
     */
    final void toInner(byte[] message) {
        if (ended) {
            return;
        }
        toInner.add(message);
        if (toInner.size() >= QUEUED) {
            client.channel().config().setAutoRead(false);
        }
    }

    /** What the proxy's WebSocket sends, to the client; the message's payload. */
    void fromInner(byte[] message) throws IOException {
        toClient(message).awaitUninterruptibly();
    }

    /** Called before the first message from the proxy's side is read. */
    void beforePump() throws IOException {
    }

    /** Called once the proxy's side ended, before the client is closed. */
    void innerEnded() {
    }

    /** A write to the client, in the order of the calls. */
    final ChannelFuture toClient(byte[] bytes) {
        synchronized (writes) {
            return client.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        }
    }

    /** Runs {@code write} under the lock that orders writes to the client. */
    final ChannelFuture toClient(java.util.function.Supplier<byte[]> write) {
        synchronized (writes) {
            return client.writeAndFlush(Unpooled.wrappedBuffer(write.get()));
        }
    }

    /** Either side went away or the client broke the protocol (may run on the client's event loop: nothing blocks). */
    final void end() {
        if (!ended) {
            ended = true;
            toInner.offer(END);
            Thread.ofVirtual().start(inner::close);
            client.channel().close();
        }
    }

    private void drain() {
        try {
            while (true) {
                byte[] message = toInner.take();
                if (message == END || ended) {
                    return;
                }
                inner.send(message, 0, message.length);
                if (toInner.size() < QUEUED / 2 && !client.channel().config().isAutoRead()) {
                    client.channel().config().setAutoRead(true);
                }
            }
        } catch (IOException | InterruptedException e) {
            end();
        }
    }

    private void pump() {
        try {
            beforePump();
            byte[] message;
            while (!ended && (message = inner.receive()) != null) {
                fromInner(message);
            }
        } catch (IOException | RuntimeException e) {
            // the proxy's side ended: the client's ends with it
        }
        if (!ended) {
            innerEnded();
            synchronized (writes) {
                client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
        end();
    }
}
