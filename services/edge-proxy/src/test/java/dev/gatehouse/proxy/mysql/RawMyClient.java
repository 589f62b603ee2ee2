package dev.gatehouse.proxy.mysql;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * A MySQL client written from the protocol for attacks a driver would never make: TLS, the token via
 * mysql_clear_password, then any packet the test builds (an execute of a statement id that was never
 * prepared, malformed commands). Blocking and single-threaded; one instance per connection.
 */
final class RawMyClient implements AutoCloseable {

    static final int CAPABILITIES = 0x1 | 0x4 | 0x8 | 0x200 | 0x800 | 0x2000 | 0x8000 | 0x20000 | 0x40000 | 0x80000
            | 0x200000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawMyClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and logs in; throws with the listener's message when the login is refused. */
    static RawMyClient login(int port, String database, String token) throws IOException {
        Socket plain = new Socket("127.0.0.1", port);
        plain.setSoTimeout(30_000);
        readPacket(new DataInputStream(plain.getInputStream())); // greeting
        ByteBuffer ssl = header(32);
        plain.getOutputStream().write(packet(1, ssl.array()));
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        tls.startHandshake();
        RawMyClient client = new RawMyClient(tls);
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.writeBytes(header(32).array());
        hello.writeBytes("ci-agent\0".getBytes(StandardCharsets.UTF_8));
        byte[] auth = (token + "\0").getBytes(StandardCharsets.UTF_8);
        hello.write(0xFC);
        hello.write(auth.length & 0xFF);
        hello.write(auth.length >> 8);
        hello.writeBytes(auth);
        hello.writeBytes((database + "\0mysql_clear_password\0").getBytes(StandardCharsets.UTF_8));
        client.out.write(packet(2, hello.toByteArray()));
        client.out.flush();
        byte[] answer = client.read();
        if ((answer[0] & 0xFF) != 0) {
            client.close();
            throw new IOException("login refused: " + message(answer));
        }
        return client;
    }

    /** Sends one command (sequence 0) and returns the first packet of the answer. */
    byte[] command(byte[] payload) throws IOException {
        send(payload);
        return read();
    }

    void send(byte[] payload) throws IOException {
        out.write(packet(0, payload));
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    byte[] read() throws IOException {
        return readPacket(in);
    }

    /** COM_STMT_PREPARE: the statement id, or the ERR packet as an exception. */
    long prepare(String sql) throws IOException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[1 + text.length];
        payload[0] = 0x16;
        System.arraycopy(text, 0, payload, 1, text.length);
        byte[] answer = command(payload);
        if ((answer[0] & 0xFF) == 0xFF) {
            throw new Refused(code(answer), message(answer));
        }
        ByteBuffer ok = ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN);
        long id = ok.getInt(1) & 0xFFFFFFFFL;
        int columns = ok.getShort(5);
        int parameters = ok.getShort(7);
        int more = (parameters > 0 ? parameters + 1 : 0) + (columns > 0 ? columns + 1 : 0);
        for (int i = 0; i < more; i++) {
            read();
        }
        return id;
    }

    /** COM_STMT_EXECUTE of a statement without parameters: the first answer packet. */
    byte[] execute(long statementId) throws IOException {
        return command(ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x17)
                .putInt((int) statementId).put((byte) 0).putInt(1).array());
    }

    static int code(byte[] err) {
        return (err[1] & 0xFF) | (err[2] & 0xFF) << 8;
    }

    static String message(byte[] err) {
        return (err[0] & 0xFF) == 0xFF ? new String(err, 9, err.length - 9, StandardCharsets.UTF_8) : "(not an ERR)";
    }

    private static ByteBuffer header(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(CAPABILITIES).putInt(1 << 24)
                .put((byte) 45);
    }

    static byte[] packet(int sequence, byte[] payload) {
        byte[] packet = new byte[4 + payload.length];
        packet[0] = (byte) payload.length;
        packet[1] = (byte) (payload.length >> 8);
        packet[2] = (byte) (payload.length >> 16);
        packet[3] = (byte) sequence;
        System.arraycopy(payload, 0, packet, 4, payload.length);
        return packet;
    }

    private static byte[] readPacket(DataInputStream in) throws IOException {
        int length = in.readUnsignedByte() | in.readUnsignedByte() << 8 | in.readUnsignedByte() << 16;
        in.readUnsignedByte();
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    InputStream input() {
        return in;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
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
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** An ERR answer. */
    static final class Refused extends IOException {
        final int code;

        Refused(int code, String message) {
            super(code + " " + message);
            this.code = code;
        }
    }
}
