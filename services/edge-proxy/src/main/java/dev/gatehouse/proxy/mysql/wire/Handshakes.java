package dev.gatehouse.proxy.mysql.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/** The connection phase's packets: the server greeting (Handshake v10) and the client's answers. */
public final class Handshakes {

    public static final String CLEAR_PASSWORD = "mysql_clear_password";
    public static final String NATIVE_PASSWORD = "mysql_native_password";
    public static final String CACHING_SHA2 = "caching_sha2_password";
    /** utf8mb4_general_ci: the collation both MySQL and MariaDB know. */
    public static final int UTF8MB4_GENERAL_CI = 45;

    /** The client's HandshakeResponse41 (or, when {@code sslRequest}, the 32-byte SSLRequest). */
    public record ClientHello(int capabilities, int collation, String user, byte[] authResponse, String database,
                              String plugin, boolean sslRequest) {
    }

    /** A server greeting as read by the proxy's upstream side. */
    public record ServerGreeting(String version, int capabilities, byte[] scramble, String plugin) {
    }

    private Handshakes() {
    }

    public static ByteBuf greeting(ByteBufAllocator alloc, String version, int connectionId, byte[] scramble,
                                   int capabilities) {
        return MyWire.packet(alloc, 0, out -> {
            out.writeByte(10);
            out.writeCharSequence(version, StandardCharsets.US_ASCII);
            out.writeByte(0).writeIntLE(connectionId).writeBytes(scramble, 0, 8).writeByte(0)
                    .writeShortLE(capabilities & 0xFFFF).writeByte(UTF8MB4_GENERAL_CI)
                    .writeShortLE(MyWire.SERVER_STATUS_AUTOCOMMIT).writeShortLE(capabilities >>> 16)
                    .writeByte(scramble.length + 1).writeZero(10).writeBytes(scramble, 8, scramble.length - 8).writeByte(0);
            // not mysql_clear_password: a client would send its password with its first answer, before the
            // listener could refuse a connection without TLS; the switch to it comes once TLS is known
            out.writeCharSequence(NATIVE_PASSWORD, StandardCharsets.US_ASCII);
            out.writeByte(0);
        });
    }

    /** Reads the client's answer to the greeting; throws on a malformed one. */
    public static ClientHello clientHello(ByteBuf payload) {
        ByteBuf in = payload.duplicate();
        int capabilities = in.readIntLE();
        in.skipBytes(4);
        int collation = in.readUnsignedByte();
        in.skipBytes(23);
        if (!in.isReadable() && (capabilities & Capabilities.SSL) != 0) {
            return new ClientHello(capabilities, collation, null, null, null, null, true);
        }
        String user = MyWire.readNulString(in);
        byte[] auth;
        if ((capabilities & Capabilities.PLUGIN_AUTH_LENENC_DATA) != 0) {
            auth = MyWire.readLenencBytes(in);
        } else if ((capabilities & Capabilities.SECURE_CONNECTION) != 0) {
            auth = new byte[in.readUnsignedByte()];
            in.readBytes(auth);
        } else {
            auth = MyWire.readNulString(in).getBytes(StandardCharsets.UTF_8);
        }
        String database = (capabilities & Capabilities.CONNECT_WITH_DB) != 0 && in.isReadable()
                ? MyWire.readNulString(in) : null;
        String plugin = (capabilities & Capabilities.PLUGIN_AUTH) != 0 && in.isReadable() ? MyWire.readNulString(in) : null;
        return new ClientHello(capabilities, collation, user, auth == null ? new byte[0] : auth, database, plugin, false);
    }

    /** AuthSwitchRequest to mysql_clear_password: the client answers with its password and a NUL. */
    public static ByteBuf switchToClearPassword(ByteBufAllocator alloc, int sequence) {
        return MyWire.packet(alloc, sequence, out -> {
            out.writeByte(0xFE);
            out.writeCharSequence(CLEAR_PASSWORD, StandardCharsets.US_ASCII);
            out.writeByte(0);
        });
    }

    /** Reads the server greeting; throws on a malformed one or another protocol version. */
    public static ServerGreeting serverGreeting(ByteBuf payload) {
        ByteBuf in = payload.duplicate();
        if (in.readUnsignedByte() != 10) {
            throw new IllegalArgumentException("not a protocol 10 greeting");
        }
        String version = MyWire.readNulString(in);
        in.skipBytes(4);
        byte[] first = new byte[8];
        in.readBytes(first);
        in.skipBytes(1);
        int capabilities = in.readUnsignedShortLE();
        in.skipBytes(3);
        capabilities |= in.readUnsignedShortLE() << 16;
        int authLength = in.readUnsignedByte();
        in.skipBytes(10);
        int rest = Math.max(13, authLength - 8);
        byte[] second = new byte[rest - 1];
        in.readBytes(second);
        in.skipBytes(1);
        String plugin = in.isReadable() ? MyWire.readNulString(in) : NATIVE_PASSWORD;
        byte[] scramble = new byte[8 + second.length];
        System.arraycopy(first, 0, scramble, 0, 8);
        System.arraycopy(second, 0, scramble, 8, second.length);
        return new ServerGreeting(version, capabilities, scramble, plugin);
    }
}
