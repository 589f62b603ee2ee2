package dev.gatehouse.proxy.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client written byte by byte, to send what no library would: a handshake for a Kubernetes
 * stream ({@code v5.channel.k8s.io}) on the proxy's plain port, then any frame, well-formed or not.
 */
final class RawWebSocket implements AutoCloseable {

    record Close(int code, String reason) {
    }

    private final Socket socket;
    private final InputStream in;
    private final String head;

    private RawWebSocket(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.head = head;
    }

    static RawWebSocket open(int port, String pathAndQuery, String token, String... extraHeaders) throws IOException {
        return open(new Socket("127.0.0.1", port), pathAndQuery, token, extraHeaders);
    }

    static RawWebSocket open(Socket socket, String pathAndQuery, String token, String... extraHeaders) throws IOException {
        return offering(socket, "v5.channel.k8s.io, v4.channel.k8s.io", pathAndQuery, token, extraHeaders);
    }

    /** The handshake offering {@code protocols} (kubectl port-forward's is {@code SPDY/3.1+portforward.k8s.io}). */
    static RawWebSocket offering(Socket socket, String protocols, String pathAndQuery, String token,
                                 String... extraHeaders) throws IOException {
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: " + protocols + "\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        return new RawWebSocket(socket, readHead(socket.getInputStream()));
    }

    /** The response head, and for a refusal (not 101) whatever body arrived with it. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 101")) {
            byte[] body = new byte[8192];
            int n = in.read(body);
            text += n > 0 ? new String(body, 0, n, StandardCharsets.UTF_8) : "";
        }
        return text;
    }

    int status() {
        return Integer.parseInt(head.substring(9, 12));
    }

    String head() {
        return head;
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** The first close frame the proxy sends (frames before it are skipped; server frames are unmasked). */
    Close readClose() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                throw new IllegalStateException("connection closed without a close frame");
            }
            int length = in.read() & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            }
            byte[] payload = in.readNBytes(length);
            if (first == 0x88) {
                return payload.length < 2 ? new Close(1005, "")
                        : new Close(((payload[0] & 0xff) << 8) | (payload[1] & 0xff),
                        new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
            }
        }
    }

    /** A frame with a short payload, masked as a client must (key 1,2,3,4) or not. */
    static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        frame.write((masked ? 0x80 : 0) | payload.length);
        byte[] key = {1, 2, 3, 4};
        if (masked) {
            frame.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return frame.toByteArray();
    }

    static byte[] malformed(String kind) {
        byte[] stdin = {0, 'i', 'd', '\n'};
        return switch (kind) {
            case "reserved-opcode" -> frame(0x83, stdin, true);
            case "unmasked" -> frame(0x82, stdin, false);
            // 70,000 bytes announced: over the proxy's 64 KB frame cap, refused on the header alone.
            case "oversized" -> new byte[] {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, 0, 1, 0x11, 0x70, 1, 2, 3, 4, 0, 0};
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
