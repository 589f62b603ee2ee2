package dev.gatehouse.proxy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target that records exactly what reached it: every connection accepted, every byte read, and the
 * requests parsed from them (strict HTTP/1.1: Content-Length or chunked bodies). It answers
 * {@code 200 {"echo":true}} and, like a real WebSocket server, accepts an {@code Upgrade: websocket}
 * handshake with {@code 101}, after which it records what comes through the tunnel. Attack tests assert
 * on it that nothing (not a byte, not a connection) arrived.
 */
public final class RecordingUpstream implements AutoCloseable {

    /** One request as the target parsed it; header names as sent, repeated headers kept. */
    public record Request(String method, String target, List<String[]> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : String.join(",", values);
        }

        public List<String> headers(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger upgrades = new AtomicInteger();

    public RecordingUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("recording-upstream").start(this::accept);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public int bytesReceived() {
        synchronized (bytes) {
            return bytes.size();
        }
    }

    public String received() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request last() {
        return requests.getLast();
    }

    public int upgrades() {
        return upgrades.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new RecordingInput(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                Request request = parse(head, in);
                requests.add(request);
                if ("websocket".equalsIgnoreCase(request.header("Upgrade"))) {
                    upgrades.incrementAndGet();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept(request.header("Sec-WebSocket-Key")) + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    in.transferTo(OutputStream.nullOutputStream());
                    return;
                }
                byte[] body = "{\"echo\":true}".getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (!request.method().equals("HEAD")) {
                    out.write(body);
                }
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away or sent something this strict parser refuses: the bytes are recorded
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int last4 = 0;
        while ((b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static Request parse(String head, InputStream in) throws IOException {
        String[] lines = head.split("\r\n");
        String[] start = lines[0].split(" ");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()});
        }
        Request bare = new Request(start[0], start[1], headers, new byte[0]);
        String te = bare.header("Transfer-Encoding");
        byte[] body;
        if (te != null) {
            if (!te.toLowerCase(Locale.ROOT).equals("chunked")) {
                throw new IllegalStateException("unsupported transfer-encoding " + te);
            }
            body = chunked(in);
        } else if (bare.header("Content-Length") != null) {
            body = in.readNBytes(Integer.parseInt(bare.header("Content-Length")));
        } else {
            body = new byte[0];
        }
        return new Request(start[0], start[1], headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0) {
            throw new IOException("closed mid-line");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every byte read into the upstream's record before the parser sees it. */
    private final class RecordingInput extends InputStream {

        private final InputStream in;

        RecordingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (bytes) {
                    bytes.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                synchronized (bytes) {
                    bytes.write(buffer, offset, n);
                }
            }
            return n;
        }
    }
}
