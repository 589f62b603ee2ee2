package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.proxy.exchange.StreamEvents;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the trail records of a {@code kubectl port-forward} (kubectl ≥ 1.31: SPDY/3.1 tunnelled in the binary
 * messages of a {@code SPDY/3.1+portforward.k8s.io} WebSocket), read from both directions' SPDY frames
 * ({@link SpdyReader}) as they are relayed unchanged. kubectl opens two streams per local connection, both
 * naming the pod's port and the connection's request id: {@code error} (the cluster's word when the pod's port
 * cannot be reached) and {@code data} (the bytes). Each connection is a session event when it opens (port and
 * request id) and the cluster's error text another; the bytes are counted per connection, not recorded (as
 * for an SSH port forward). The RESPONSE at the stream's end lists the ports, the connections and the bytes
 * each way. The decision was the request's (the pod's {@code portforward} subresource, as RBAC decides it);
 * a stream the reader cannot follow ends the whole tunnel.
 */
final class PortForwardTranscript implements StreamRecording {

    static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    /** SPDY streams open at once: two per local connection. */
    static final int MAX_STREAMS = 512;
    static final int ERROR_TEXT = 4 * 1024;

    private final StreamEvents events;
    private final SpdyReader client = new SpdyReader(new Side(true));
    private final SpdyReader cluster = new SpdyReader(new Side(false));
    private final Map<Integer, Stream> streams = new HashMap<>();
    private final TreeSet<Integer> ports = new TreeSet<>();
    private long connections;
    private long toPod;
    private long fromPod;
    private int eventCount;
    private long unrecorded;

    /** {@code events}: where each connection is reported, or null when the route set none. */
    PortForwardTranscript(StreamEvents events) {
        this.events = events;
    }

    @Override
    public synchronized void fromClient(byte[] message) {
        client.read(message, 0, message.length);
    }

    @Override
    public synchronized void fromCluster(byte[] message) {
        cluster.read(message, 0, message.length);
    }

    @Override
    public boolean carriesText() {
        return false;
    }

    @Override
    public synchronized Answer answer() {
        streams.values().stream().filter(stream -> stream.error != null && stream.error.length() > 0)
                .toList().forEach(this::reportError);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("stream.protocol", PROTOCOL);
        facts.put("portforward.ports", String.join(",", ports.stream().map(String::valueOf).toList()));
        facts.put("portforward.connections", Long.toString(connections));
        facts.put("portforward.bytesToPod", Long.toString(toPod));
        facts.put("portforward.bytesFromPod", Long.toString(fromPod));
        facts.put("stream.events", Integer.toString(eventCount));
        if (unrecorded > 0) {
            facts.put("stream.messagesNotRecorded", Long.toString(unrecorded));
        }
        String summary = connections + " connection" + (connections == 1 ? "" : "s") + " to port"
                + (ports.size() == 1 ? " " : "s ") + facts.get("portforward.ports") + ": " + toPod + " bytes to the pod, "
                + fromPod + " from it";
        return new Answer(summary, facts);
    }

    private void opened(int id, Map<String, String> headers) {
        if (streams.size() >= MAX_STREAMS) {
            throw new SpdyReader.Malformed("more than " + MAX_STREAMS + " port-forward streams open at once");
        }
        String type = headers.getOrDefault("streamtype", "");
        String port = headers.getOrDefault("port", "");
        if (!(type.equals("data") || type.equals("error")) || !port.matches("[0-9]{1,5}")
                || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new SpdyReader.Malformed("a port-forward stream with type '" + clip(type) + "' and port '"
                    + clip(port) + "'");
        }
        if (streams.putIfAbsent(id, new Stream(type.equals("error"), Integer.parseInt(port))) != null) {
            throw new SpdyReader.Malformed("stream " + id + " opened twice");
        }
        if (type.equals("data")) {
            connections++;
            ports.add(Integer.parseInt(port));
            String request = headers.getOrDefault("requestid", "");
            report("portforward", true, "connect to port " + port + (request.isEmpty() ? "" : " (request "
                    + clip(request) + ")"), Map.of("portforward.port", port));
        }
    }

    private void data(int id, boolean fromClient, byte[] bytes, int offset, int length) {
        Stream stream = streams.get(id);
        if (stream == null) {
            return; // a frame racing its stream's reset: spdystream drops it too
        }
        if (stream.error == null) {
            if (fromClient) {
                toPod += length;
            } else {
                fromPod += length;
            }
        } else if (!fromClient && stream.error.length() < ERROR_TEXT) {
            stream.error.append(new String(bytes, offset, Math.min(length, ERROR_TEXT - stream.error.length()),
                    StandardCharsets.UTF_8));
        }
    }

    /** One direction ended its half of the stream; the stream is gone once both did. */
    private void finished(int id, boolean fromClient) {
        Stream stream = streams.get(id);
        if (stream == null) {
            return;
        }
        if (fromClient) {
            stream.clientDone = true;
        } else {
            stream.clusterDone = true;
        }
        if (stream.clientDone && stream.clusterDone) {
            end(id);
        }
    }

    private void end(int id) {
        Stream stream = streams.remove(id);
        if (stream != null && stream.error != null && stream.error.length() > 0) {
            reportError(stream);
        }
    }

    private void reportError(Stream stream) {
        report("error", false, stream.error.toString(), Map.of("portforward.port", Integer.toString(stream.port)));
        stream.error.setLength(0);
    }

    private void report(String channel, boolean fromClient, String text, Map<String, String> facts) {
        if (events == null) {
            return;
        }
        if (eventCount >= StreamTranscript.EVENTS) {
            unrecorded++;
            return;
        }
        eventCount++;
        Map<String, String> numbered = new LinkedHashMap<>(facts);
        numbered.put("stream.message", Integer.toString(eventCount));
        events.message(channel, fromClient, text, numbered);
    }

    private static String clip(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "…";
    }

    /** One SPDY stream of the tunnel; {@code error} holds the cluster's text on an error stream. */
    private static final class Stream {
        final StringBuilder error;
        final int port;
        boolean clientDone;
        boolean clusterDone;

        Stream(boolean error, int port) {
            this.error = error ? new StringBuilder() : null;
            this.port = port;
        }
    }

    /** One direction's frames. */
    private final class Side implements SpdyReader.Frames {
        private final boolean fromClient;

        Side(boolean fromClient) {
            this.fromClient = fromClient;
        }

        @Override
        public void opened(int stream, Map<String, String> headers, boolean fin) {
            if (!fromClient) {
                // kubectl opens every stream; the cluster only replies (a stream it pushed would carry nothing known)
                throw new SpdyReader.Malformed("a stream opened by the cluster");
            }
            PortForwardTranscript.this.opened(stream, headers);
        }

        @Override
        public void data(int stream, byte[] bytes, int offset, int length) {
            PortForwardTranscript.this.data(stream, fromClient, bytes, offset, length);
        }

        @Override
        public void finished(int stream) {
            PortForwardTranscript.this.finished(stream, fromClient);
        }

        @Override
        public void reset(int stream) {
            end(stream);
        }
    }
}
