package dev.gatehouse.proxy.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket to the proxy's own HTTP port over loopback, blocking (its users run on virtual threads): the form
 * the proxy decides, records and relays, asked for on behalf of a bare SPDY upgrade ({@link SpdyDoor}). The
 * request carries the client's own headers (its token among them), so it is authenticated, decided and audited
 * exactly as if the client had sent it. A refusal comes back whole (status, type, body: a Kubernetes
 * {@code Status}) for the door to hand to the client. Frames it sends are masked and at most
 * {@link #MAX_MESSAGE} bytes; frames it receives are reassembled and capped at {@link #MAX_MESSAGE}.
 */
final class LoopbackWebSocket implements AutoCloseable {

    static final int MAX_MESSAGE = ClusterStreamFilter.MAX_FRAME;
    private static final int MAX_HEAD = 64 * 1024;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The proxy's answer when it did not switch protocols. */
    record Refusal(int status, String contentType, byte[] body) {
    }

    /** Either an open socket (with the upgrade's response headers) or the refusal. */
    record Opened(LoopbackWebSocket socket, Map<String, String> headers, Refusal refusal) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LoopbackWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Asks {@code proxy} for {@code pathAndQuery} as a WebSocket speaking {@code protocol}, with the client's
     * {@code headers} (names and values as received; hop-by-hop and handshake headers are the socket's own).
     */
    static Opened open(InetSocketAddress proxy, String pathAndQuery, List<Map.Entry<String, String>> headers,
                       String protocol) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(proxy, 10_000);
            socket.setTcpNoDelay(true);
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            StringBuilder request = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(proxy.getHostString()).append(':').append(proxy.getPort()).append("\r\n");
            for (Map.Entry<String, String> header : headers) {
                request.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            request.append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                    .append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n\r\n");
            LoopbackWebSocket opened = new LoopbackWebSocket(socket);
            opened.out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            opened.out.flush();
            return opened.answer(key, protocol);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Opened answer(String key, String protocol) throws IOException {
        String head = readHead();
        int status = Integer.parseInt(head.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        if (status != 101) {
            byte[] body = readBody(headers);
            socket.close();
            return new Opened(null, headers, new Refusal(status, headers.getOrDefault("content-type",
                    "application/json"), body));
        }
        if (!accept(key).equals(headers.get("sec-websocket-accept")) || !protocol.equals(headers.get("sec-websocket-protocol"))) {
            socket.close();
            throw new IOException("the proxy's own WebSocket handshake did not agree");
        }
        return new Opened(this, headers, null);
    }

    /** One binary message (split into messages of at most {@link #MAX_MESSAGE} bytes). */
    synchronized void send(byte[] bytes, int offset, int length) throws IOException {
        int at = offset;
        do {
            int n = Math.min(MAX_MESSAGE, offset + length - at);
            frame(0x82, bytes, at, n);
            at += n;
        } while (at < offset + length);
        out.flush();
    }

    /** The next data message's payload (pings answered on the way), or {@code null} once the proxy closed. */
    byte[] receive() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int second = read();
            long length = second & 0x7f;
            if (length == 126) {
                length = ((long) read() << 8) | read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | read();
                }
            }
            if ((second & 0x80) != 0 || length > MAX_MESSAGE || message.size() + length > MAX_MESSAGE) {
                throw new IOException("a frame the proxy's own port would not send");
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length) {
                throw new EOFException();
            }
            switch (first & 0x0f) {
                case 0x8 -> {
                    synchronized (this) {
                        frame(0x88, payload, 0, Math.min(payload.length, 2));
                        out.flush();
                    }
                    return null;
                }
                case 0x9 -> {
                    synchronized (this) {
                        frame(0x8a, payload, 0, payload.length);
                        out.flush();
                    }
                }
                case 0xa -> {
                    // a pong: nothing to do
                }
                default -> {
                    message.write(payload);
                    if ((first & 0x80) != 0) {
                        return message.toByteArray();
                    }
                }
            }
        }
    }

    /** A normal close (1000), then the socket. */
    @Override
    public void close() {
        try {
            synchronized (this) {
                frame(0x88, new byte[] {0x03, (byte) 0xe8}, 0, 2);
                out.flush();
            }
        } catch (IOException ignored) {
            // already gone
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private void frame(int first, byte[] bytes, int offset, int length) throws IOException {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(length + 14);
        frame.write(first);
        if (length < 126) {
            frame.write(0x80 | length);
        } else {
            frame.write(0x80 | 126);
            frame.write(length >> 8);
            frame.write(length);
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < length; i++) {
            frame.write(bytes[offset + i] ^ mask[i & 3]);
        }
        frame.writeTo(out);
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = read();
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("the proxy's own response head is too long");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A refusal's body: by its length, chunked, or to the close; at most 64 KB kept. */
    private byte[] readBody(Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            long length = Long.parseLong(headers.get("content-length"));
            body.write(in.readNBytes((int) Math.min(length, MAX_HEAD)));
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (body.size() < MAX_HEAD) {
                String size = line();
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    break;
                }
                body.write(in.readNBytes(Math.min(length, MAX_HEAD)));
                line();
            }
        } else {
            body.write(in.readNBytes(MAX_HEAD));
        }
        return body.toByteArray();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = read(); b != '\n'; b = read()) {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 1024) {
                throw new IOException("a chunk size line too long");
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String accept(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
