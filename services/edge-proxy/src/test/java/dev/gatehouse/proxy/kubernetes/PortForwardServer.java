package dev.gatehouse.proxy.kubernetes;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster's side of {@code kubectl port-forward} as an API server ≥ 1.31 and its kubelet speak it: SPDY/3
 * in the binary messages of a {@code SPDY/3.1+portforward.k8s.io} WebSocket. Every stream kubectl opens is answered
 * (spdystream waits for the reply); a {@code data} stream is connected to {@code 127.0.0.1:port} (this test's
 * "pod"), and when that fails the request's {@code error} stream carries the reason, as the kubelet writes it.
 */
final class PortForwardServer implements SpdyReader.Frames {

    private final Sinks.Many<WebSocketFrame> out = Sinks.many().unicast().onBackpressureBuffer();
    private final SpdyWriter writer = new SpdyWriter();
    private final Map<Integer, Socket> pods = new ConcurrentHashMap<>();
    private final Map<String, Integer> errorStreams = new ConcurrentHashMap<>();

    /** Serves one WebSocket; {@code received} counts the bytes of its binary messages. */
    static Mono<Void> serve(WebsocketInbound in, WebsocketOutbound outbound, AtomicLong received) {
        PortForwardServer server = new PortForwardServer();
        SpdyReader reader = new SpdyReader(server);
        Mono<Void> reading = in.receiveFrames().filter(BinaryWebSocketFrame.class::isInstance)
                .doOnNext(frame -> {
                    byte[] bytes = ByteBufUtil.getBytes(frame.content());
                    received.addAndGet(bytes.length);
                    reader.read(bytes, 0, bytes.length);
                }).then().doFinally(signal -> server.end());
        return Mono.when(reading, outbound.sendObject(server.out.asFlux()).then());
    }

    @Override
    public void opened(int stream, Map<String, String> headers, boolean fin) {
        send(writer.synReply(stream, Map.of()));
        String request = headers.getOrDefault("requestid", "");
        int port = Integer.parseInt(headers.get("port"));
        if ("error".equals(headers.get("streamtype"))) {
            errorStreams.put(request, stream);
            return;
        }
        try {
            Socket pod = new Socket("127.0.0.1", port);
            pods.put(stream, pod);
            Integer error = errorStreams.get(request);
            Thread.ofVirtual().start(() -> copyBack(stream, error, pod));
        } catch (IOException e) {
            Integer error = errorStreams.get(request);
            byte[] text = ("an error occurred forwarding " + port + " -> " + port + ": connection refused")
                    .getBytes(StandardCharsets.UTF_8);
            if (error != null) {
                send(SpdyWriter.data(error, text, 0, text.length, true));
            }
            send(SpdyWriter.data(stream, new byte[0], 0, 0, true));
        }
    }

    @Override
    public void data(int stream, byte[] bytes, int offset, int length) {
        Socket pod = pods.get(stream);
        try {
            if (pod != null) {
                pod.getOutputStream().write(bytes, offset, length);
            }
        } catch (IOException e) {
            close(stream);
        }
    }

    @Override
    public void finished(int stream) {
        Socket pod = pods.get(stream);
        try {
            if (pod != null) {
                pod.shutdownOutput();
            }
        } catch (IOException e) {
            close(stream);
        }
    }

    @Override
    public void reset(int stream) {
        close(stream);
    }

    @Override
    public void ping(int id) {
        send(SpdyWriter.ping(id));
    }

    /**
     * What the pod answers, as data frames on the stream, then its end and the end of the request's error stream
     * (kubectl closes the local connection only once both ended, as the kubelet ends them).
     */
    private void copyBack(int stream, Integer error, Socket pod) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = pod.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                send(SpdyWriter.data(stream, buffer, 0, n, false));
            }
        } catch (IOException e) {
            // the stream was reset or the tunnel ended
        }
        send(SpdyWriter.data(stream, new byte[0], 0, 0, true));
        if (error != null) {
            send(SpdyWriter.data(error, new byte[0], 0, 0, true));
        }
        close(stream);
    }

    private void close(int stream) {
        Socket pod = pods.remove(stream);
        if (pod != null) {
            try {
                pod.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void end() {
        pods.keySet().forEach(this::close);
        out.tryEmitComplete();
    }

    /** One binary message per frame, as spdystream's writes through client-go's tunnelling connection come. */
    private synchronized void send(byte[] frame) {
        out.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }
}
