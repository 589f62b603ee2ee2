package dev.gatehouse.proxy.kubernetes;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A bare SPDY exec or attach (kubectl before 1.30, or {@code KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false};
 * {@code v4.channel.k8s.io}) answered as the kubelet answers it, over the proxy's own {@code v5.channel.k8s.io}
 * WebSocket form of the request, which is decided, recorded and relayed like any exec. The client opens a stream
 * per channel ({@code streamType}: error, stdin, stdout, stderr, resize) and each is answered; stdin and resize
 * data become channels 0 and 4, stdin's end v5's close signal; channels 1, 2 and 3 (the exit status) go out on
 * the client's stdout, stderr and error streams. Nothing goes back before every stream the query names is open
 * (up to {@link #STREAM_WAIT_SECONDS}), as the kubelet waits for them. When the WebSocket ends, the streams end.
 */
final class SpdyExecBridge extends SpdyBridge implements SpdyReader.Frames {

    static final String PROTOCOL = "v4.channel.k8s.io";
    static final int STREAM_WAIT_SECONDS = 30;
    private static final Set<String> TYPES = Set.of("error", "stdin", "stdout", "stderr", "resize");
    private static final String[] BY_CHANNEL = {null, "stdout", "stderr", "error"};

    private final SpdyReader reader = new SpdyReader(this);
    private final SpdyWriter writer = new SpdyWriter();
    private final Map<String, Integer> streams = new ConcurrentHashMap<>();
    private final Map<Integer, String> types = new ConcurrentHashMap<>();

    private final Set<String> expected;

    /** {@code query}: the exec's, which names the streams the client opens (as the kubelet reads it). */
    SpdyExecBridge(ChannelHandlerContext client, LoopbackWebSocket inner, String query) {
        super(client, inner);
        this.expected = expected(query);
    }

    /** error always; stdin, stdout, stderr as asked; resize with a terminal. */
    static Set<String> expected(String query) {
        Set<String> streams = new java.util.HashSet<>(Set.of("error"));
        for (String parameter : query == null ? new String[0] : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            if (Set.of("stdin", "stdout", "stderr", "tty").contains(name) && Set.of("true", "1").contains(value)) {
                streams.add(name.equals("tty") ? "resize" : name);
            }
        }
        return streams;
    }

    @Override
    void fromClient(ByteBuf bytes) {
        try {
            if (bytes.hasArray()) {
                reader.read(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
            } else {
                byte[] copy = new byte[bytes.readableBytes()];
                bytes.getBytes(bytes.readerIndex(), copy);
                reader.read(copy, 0, copy.length);
            }
        } catch (SpdyReader.Malformed e) {
            end();
        } finally {
            bytes.release();
        }
    }

    @Override
    public void opened(int stream, Map<String, String> headers, boolean fin) {
        String type = headers.getOrDefault("streamtype", "");
        if (!TYPES.contains(type) || streams.containsKey(type) || types.containsKey(stream)) {
            throw new SpdyReader.Malformed("an exec stream of type '" + type + "'");
        }
        toClient(() -> writer.synReply(stream, Map.of()));
        types.put(stream, type);
        synchronized (streams) {
            streams.put(type, stream);
            streams.notifyAll();
        }
    }

    @Override
    public void data(int stream, byte[] bytes, int offset, int length) {
        String type = types.get(stream);
        if ("stdin".equals(type) || "resize".equals(type)) {
            byte[] message = new byte[length + 1];
            message[0] = (byte) (type.equals("stdin") ? 0 : 4);
            System.arraycopy(bytes, offset, message, 1, length);
            toInner(message);
        }
    }

    @Override
    public void finished(int stream) {
        if ("stdin".equals(types.get(stream))) {
            toInner(new byte[] {(byte) 255, 0}); // v5: stdin closed
        }
    }

    @Override
    public void reset(int stream) {
        finished(stream);
    }

    @Override
    public void ping(int id) {
        toClient(SpdyWriter.ping(id)); // the kubelet answers kubectl's pings; spdystream gives up on a silent peer
    }

    @Override
    void fromInner(byte[] message) throws IOException {
        int channel = message.length == 0 ? -1 : message[0] & 0xff;
        if (channel < 1 || channel >= BY_CHANNEL.length) {
            return; // v5's close signal and anything else has no SPDY stream
        }
        Integer stream = streams.get(BY_CHANNEL[channel]);
        if (stream != null) { // every stream the client asked for is open (beforePump); output for another is dropped
            toClient(SpdyWriter.data(stream, message, 1, message.length - 1, false)).awaitUninterruptibly();
        }
    }

    /**
     * The kubelet starts the command once every stream the request names is open; the cluster here already runs
     * it, so its output waits instead: closing the connection while kubectl still waits for a stream's reply
     * would leave kubectl waiting for its own timeout.
     */
    @Override
    void beforePump() throws IOException {
        for (String type : expected) {
            awaitStream(type);
        }
    }

    @Override
    void innerEnded() {
        for (String type : new String[] {"stdout", "stderr", "error"}) {
            Integer stream = streams.get(type);
            if (stream != null) {
                toClient(SpdyWriter.data(stream, new byte[0], 0, 0, true));
            }
        }
    }

    private Integer awaitStream(String type) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STREAM_WAIT_SECONDS);
        synchronized (streams) {
            while (!streams.containsKey(type)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the client never opened its " + type + " stream");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(streams, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return streams.get(type);
        }
    }
}
