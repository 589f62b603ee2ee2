package dev.gatehouse.proxy.postgres.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds the protocol messages the proxy writes itself. */
public final class PgWire {

    public static final int PROTOCOL_3 = 196608;
    public static final int SSL_REQUEST = 80877103;
    public static final int GSSENC_REQUEST = 80877104;
    public static final int CANCEL_REQUEST = 80877102;

    private PgWire() {
    }

    public static ByteBuf error(ByteBufAllocator alloc, String severity, String sqlState, String message) {
        return fields(alloc, BackendMessage.ERROR_RESPONSE, severity, sqlState, message);
    }

    public static ByteBuf notice(ByteBufAllocator alloc, String message) {
        return fields(alloc, BackendMessage.NOTICE_RESPONSE, "NOTICE", SqlState.SUCCESSFUL_COMPLETION, message);
    }

    /** An ErrorResponse or NoticeResponse with just severity, SQLSTATE and message. */
    public static ByteBuf response(ByteBufAllocator alloc, BackendMessage type, String severity, String sqlState, String message) {
        return fields(alloc, type, severity, sqlState, message);
    }

    private static ByteBuf fields(ByteBufAllocator alloc, BackendMessage type, String severity, String sqlState, String message) {
        ByteBuf out = begin(alloc, type.type);
        field(out, 'S', severity);
        field(out, 'V', severity);
        field(out, 'C', sqlState);
        field(out, 'M', message);
        out.writeByte(0);
        return end(out);
    }

    private static void field(ByteBuf out, char code, String value) {
        out.writeByte(code);
        cstring(out, value);
    }

    public static ByteBuf authRequest(ByteBufAllocator alloc, int code) {
        return end(begin(alloc, BackendMessage.AUTHENTICATION.type).writeInt(code));
    }

    public static ByteBuf backendKeyData(ByteBufAllocator alloc, int processId, int secret) {
        return end(begin(alloc, BackendMessage.BACKEND_KEY_DATA.type).writeInt(processId).writeInt(secret));
    }

    public static ByteBuf readyForQuery(ByteBufAllocator alloc, char status) {
        return end(begin(alloc, BackendMessage.READY_FOR_QUERY.type).writeByte(status));
    }

    public static ByteBuf query(ByteBufAllocator alloc, String sql) {
        ByteBuf out = begin(alloc, FrontendMessage.QUERY.type);
        cstring(out, sql);
        return end(out);
    }

    public static ByteBuf parse(ByteBufAllocator alloc, String name, String sql) {
        ByteBuf out = begin(alloc, FrontendMessage.PARSE.type);
        cstring(out, name);
        cstring(out, sql);
        out.writeShort(0);
        return end(out);
    }

    /** A Bind of a statement that cannot exist: PostgreSQL fails it, in order, like any other error. */
    public static ByteBuf failingBind(ByteBufAllocator alloc, String portal) {
        ByteBuf out = begin(alloc, FrontendMessage.BIND.type);
        cstring(out, portal);
        cstring(out, "gatehouse denied \u0001");
        out.writeShort(0).writeShort(0).writeShort(0);
        return end(out);
    }

    public static ByteBuf execute(ByteBufAllocator alloc, String portal) {
        ByteBuf out = begin(alloc, FrontendMessage.EXECUTE.type);
        cstring(out, portal);
        out.writeInt(0);
        return end(out);
    }

    public static ByteBuf password(ByteBufAllocator alloc, String password) {
        ByteBuf out = begin(alloc, FrontendMessage.PASSWORD.type);
        cstring(out, password);
        return end(out);
    }

    public static ByteBuf saslInitial(ByteBufAllocator alloc, String mechanism, byte[] data) {
        ByteBuf out = begin(alloc, FrontendMessage.PASSWORD.type);
        cstring(out, mechanism);
        out.writeInt(data.length).writeBytes(data);
        return end(out);
    }

    public static ByteBuf saslResponse(ByteBufAllocator alloc, byte[] data) {
        return end(begin(alloc, FrontendMessage.PASSWORD.type).writeBytes(data));
    }

    public static ByteBuf terminate(ByteBufAllocator alloc) {
        return end(begin(alloc, FrontendMessage.TERMINATE.type));
    }

    public static ByteBuf startup(ByteBufAllocator alloc, Map<String, String> parameters) {
        ByteBuf out = alloc.buffer(256);
        out.writeInt(0).writeInt(PROTOCOL_3);
        parameters.forEach((name, value) -> {
            cstring(out, name);
            cstring(out, value);
        });
        out.writeByte(0);
        out.setInt(0, out.writerIndex());
        return out;
    }

    public static ByteBuf untyped(ByteBufAllocator alloc, int code, int a, int b) {
        return alloc.buffer(16).writeInt(16).writeInt(code).writeInt(a).writeInt(b);
    }

    public static ByteBuf sslRequest(ByteBufAllocator alloc) {
        return alloc.buffer(8).writeInt(8).writeInt(SSL_REQUEST);
    }

    public static void cstring(ByteBuf out, String value) {
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    /** Reads a NUL-terminated UTF-8 string at the reader index; {@link MalformedMessage} when unterminated. */
    public static String readCString(ByteBuf in) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new MalformedMessage("unterminated string");
        }
        String value = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(end + 1);
        return value;
    }

    public static void need(ByteBuf in, int bytes) {
        if (bytes < 0 || in.readableBytes() < bytes) {
            throw new MalformedMessage("message shorter than its fields");
        }
    }

    private static ByteBuf begin(ByteBufAllocator alloc, byte type) {
        return alloc.buffer(64).writeByte(type).writeInt(0);
    }

    private static ByteBuf end(ByteBuf out) {
        out.setInt(1, out.writerIndex() - 1);
        return out;
    }
}
