package dev.gatehouse.proxy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a raw socket: sends exactly the bytes a test writes (conflicting framing,
 * broken chunks, hop-by-hop nominations, upgrades) and reads one response, which no library client
 * would let a test do.
 */
public final class RawHttp {

    /** One response: status, headers (lower-case names, repeated values joined), body, and whether the proxy closed. */
    public record Response(int status, Map<String, String> headers, String body, boolean closed) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} (ISO-8859-1) to the proxy and reads one response. */
    public static Response exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Response exchange(int port, byte[] request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            Response response = read(in, startsWith(request, "HEAD "));
            return new Response(response.status(), response.headers(), response.body(), closedAfter(socket, in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code request}, then closes the sending side (the body ends early) and reads a response if
     * one comes; {@code null} when the proxy just closed.
     */
    public static Response exchangeThenHalfClose(int port, String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            try {
                return read(socket.getInputStream(), false);
            } catch (IOException e) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection kept open across requests, as an HTTP/1.1 caller with keep-alive uses one. */
    public static KeptConnection keepAlive(int port) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(15_000);
            return new KeptConnection(socket, socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class KeptConnection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        private KeptConnection(Socket socket, InputStream in) {
            this.socket = socket;
            this.in = in;
        }

        /** Sends {@code request} on this connection and reads its response (a timeout fails the test). */
        public Response exchange(String request) {
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                return read(in, request.startsWith("HEAD "));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the proxy closed this connection (waits a second for it to). */
        public boolean closedByProxy() {
            try {
                return closedAfter(socket, in);
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A request head (CRLF line ends, blank line added) for {@code method path} with these header lines. */
    public static String head(String method, String path, String... headerLines) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: gatehouse\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static boolean startsWith(byte[] request, String prefix) {
        return new String(request, 0, Math.min(request.length, prefix.length()), StandardCharsets.ISO_8859_1)
                .equals(prefix);
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the proxy closed the connection without answering");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + "," + b);
        }
        byte[] body;
        if (head || status == 101 || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8), false);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String size = line(in); size != null; size = line(in)) {
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                line(in);
                break;
            }
            body.write(in.readNBytes(length));
            line(in);
        }
        return body.toByteArray();
    }

    private static boolean closedAfter(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(1_000);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
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
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
