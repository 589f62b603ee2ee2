package dev.gatehouse.proxy.postgres;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/** A bare-bytes PostgreSQL client for protocol tests: TLS negotiation, login, raw messages. */
final class RawPgClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects, negotiates TLS with SSLRequest and returns the client, not yet started. */
    static RawPgClient tls(int port) throws IOException {
        Socket plain = new Socket("127.0.0.1", port);
        plain.setSoTimeout(20_000);
        plain.getOutputStream().write(new byte[]{0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});
        int answer = plain.getInputStream().read();
        if (answer != 'S') {
            throw new IOException("TLS not offered: " + answer);
        }
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        tls.startHandshake();
        return new RawPgClient(tls);
    }

    static Socket plain(int port) throws IOException {
        Socket plain = new Socket("127.0.0.1", port);
        plain.setSoTimeout(10_000);
        return plain;
    }

    /** Startup, the token as password, and everything up to the first ReadyForQuery. */
    void login(String database, String token) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInt(body, 196608);
        for (String s : new String[]{"user", "fuzz", "database", database, "client_encoding", "UTF8"}) {
            body.writeBytes(cstring(s));
        }
        body.write(0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        writeInt(packet, body.size() + 4);
        packet.writeBytes(body.toByteArray());
        out.write(packet.toByteArray());
        expect('R');
        out.write(message('p', cstring(token)));
        while (true) {
            Message message = read();
            if (message.type() == 'Z') {
                return;
            }
            if (message.type() == 'E') {
                throw new IOException("login refused: " + new String(message.body(), StandardCharsets.UTF_8));
            }
        }
    }

    private void expect(char type) throws IOException {
        Message message = read();
        if (message.type() != type) {
            throw new IOException("expected " + type + " got " + message.type());
        }
    }

    record Message(char type, byte[] body) {
    }

    Message read() throws IOException {
        DataInputStream data = new DataInputStream(in);
        int type = data.read();
        if (type < 0) {
            throw new EOFException();
        }
        int length = data.readInt();
        byte[] body = new byte[length - 4];
        data.readFully(body);
        return new Message((char) type, body);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void flush() throws IOException {
        out.flush();
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the proxy already closed
        }
    }

    static byte[] message(char type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(type);
        writeInt(out, body.length + 4);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] cstring(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, result, 0, bytes.length);
        return result;
    }

    static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
