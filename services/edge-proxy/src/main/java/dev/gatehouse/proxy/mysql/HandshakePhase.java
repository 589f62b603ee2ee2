package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.mysql.wire.Capabilities;
import dev.gatehouse.proxy.mysql.wire.Handshakes;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import io.netty.buffer.ByteBuf;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The connection phase on the client side: Handshake v10 (announcing {@code mysql_native_password}, so no
 * client sends a password with its first answer), TLS when the client sends an SSLRequest, then, only
 * inside TLS (or from this host when {@code allow-plaintext-loopback} is set), an AuthSwitchRequest to
 * {@code mysql_clear_password}: the CI token is the password ({@code mariadb --enable-cleartext-plugin},
 * Connector/J over TLS). The database the client names is the Gatehouse connection. A client refused for
 * want of TLS never sent its token.
 */
final class HandshakePhase {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MySession s;
    private final byte[] scramble = new byte[20];
    private boolean tls;
    private boolean switched;
    private String user;

    HandshakePhase(MySession session) {
        this.s = session;
    }

    void greet() {
        for (int i = 0; i < scramble.length; i++) {
            scramble[i] = (byte) (33 + RANDOM.nextInt(94)); // printable and never NUL, as servers send
        }
        int offered = Capabilities.OFFERED | (s.services.serverTls() != null ? Capabilities.SSL : 0);
        s.client.writeAndFlush(Handshakes.greeting(s.client.alloc(), s.services.properties.serverVersion(),
                s.services.nextConnectionId(), scramble, offered));
    }

    void read(MyPacket packet) {
        try {
            if (switched) {
                login(clearPassword(packet.payload()), packet.sequence() + 1);
            } else {
                hello(packet);
            }
        } catch (RuntimeException malformed) {
            s.refuseAndClose(packet.sequence() + 1, 1043, "08S01", "Bad handshake");
        } finally {
            packet.release();
        }
    }

    private void hello(MyPacket packet) {
        Handshakes.ClientHello hello = Handshakes.clientHello(packet.payload());
        int reply = packet.sequence() + 1;
        if (hello.sslRequest()) {
            startTls();
            return;
        }
        String refusal = refusal(hello);
        if (refusal != null) {
            s.refuseAndClose(reply, 1045, "28000", refusal);
            return;
        }
        s.clientCapabilities = hello.capabilities() & Capabilities.OFFERED;
        user = hello.user();
        s.context.connection = hello.database();
        s.context.userLabel = hello.user() == null ? "" : hello.user();
        if (Handshakes.CLEAR_PASSWORD.equals(hello.plugin())) {
            login(token(hello.authResponse()), reply);
        } else {
            switched = true;
            s.client.writeAndFlush(Handshakes.switchToClearPassword(s.client.alloc(), reply));
            s.decoder.resume(true);
        }
    }

    private void startTls() {
        SslContext context = s.services.serverTls();
        if (context == null || tls) {
            s.refuseAndClose(2, 1045, "08004", "Gatehouse: TLS is not available on this listener");
            return;
        }
        tls = true;
        ByteBuf early = s.decoder.takeRemaining(); // the ClientHello the client sent right behind its SSLRequest
        s.client.pipeline().addFirst("tls", context.newHandler(s.client.alloc()));
        if (early != null) {
            // read complete too: the TLS handler flushes its ServerHello only then
            s.client.eventLoop().execute(() -> s.client.pipeline().fireChannelRead(early).fireChannelReadComplete());
        }
        s.decoder.resume(true);
    }

    /** Why the client cannot log in as it asked, or null. */
    private String refusal(Handshakes.ClientHello hello) {
        if ((hello.capabilities() & Capabilities.PROTOCOL_41) == 0) {
            return "Gatehouse: the client must speak protocol 4.1";
        }
        if (!tls && !(s.services.properties.allowPlaintextLoopback() && fromLoopback())) {
            return "Gatehouse requires TLS: the token is a password and never crosses the network in clear "
                    + "(mariadb --ssl, JDBC sslMode=trust or useSsl=true)";
        }
        if (!ClientCharsets.accepted(hello.collation())) {
            return "Gatehouse accepts utf8mb4 (or ASCII-compatible single-byte) clients only: collation "
                    + hello.collation() + " is not supported; use --default-character-set=utf8mb4";
        }
        if (hello.database() == null || hello.database().isBlank()) {
            return "Gatehouse: name the connection as the database (mariadb -D <connection>, jdbc:mariadb://host/<connection>)";
        }
        return null;
    }

    private boolean fromLoopback() {
        return s.client.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
    }

    private void login(String token, int sequence) {
        s.phase = MySession.Phase.LOGIN;
        new SessionOpen(s, user).start(token, sequence);
    }

    private static String token(byte[] response) {
        int length = response.length;
        while (length > 0 && response[length - 1] == 0) {
            length--;
        }
        return new String(Arrays.copyOf(response, length), StandardCharsets.UTF_8);
    }

    private static String clearPassword(ByteBuf payload) {
        byte[] bytes = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), bytes);
        return token(bytes);
    }
}
