package dev.gatehouse.proxy.kubernetes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * SPDY/3 frames as spdystream writes them: for the proxy's side of a bare SPDY exec ({@link SpdyExecBridge}) and
 * the tests' side of a session. One zlib stream per writer for the header blocks, each block flushed, the SPDY
 * dictionary preset; not thread-safe (a bridge writes under its own lock).
 */
final class SpdyWriter {

    private final Deflater deflater = new Deflater();

    SpdyWriter() {
        deflater.setDictionary(SpdyDictionary.bytes());
    }

    byte[] synStream(int stream, Map<String, String> headers, boolean fin) {
        ByteBuffer fields = ByteBuffer.allocate(10).putInt(stream).putInt(0).put((byte) 0).put((byte) 0);
        return control(SpdyReader.SYN_STREAM, fin ? SpdyReader.FLAG_FIN : 0, fields.array(), headerBlock(headers));
    }

    byte[] synReply(int stream, Map<String, String> headers) {
        return control(SpdyReader.SYN_REPLY, 0, ByteBuffer.allocate(4).putInt(stream).array(), headerBlock(headers));
    }

    byte[] reset(int stream) {
        return control(SpdyReader.RST_STREAM, 0, ByteBuffer.allocate(8).putInt(stream).putInt(5).array(), new byte[0]);
    }

    static byte[] ping(int id) {
        return control(SpdyReader.PING, 0, ByteBuffer.allocate(4).putInt(id).array(), new byte[0]);
    }

    byte[] goAway() {
        return control(SpdyReader.GOAWAY, 0, new byte[8], new byte[0]);
    }

    static byte[] data(int stream, byte[] bytes, int offset, int length, boolean fin) {
        return ByteBuffer.allocate(8 + length).putInt(stream & 0x7fffffff)
                .putInt((fin ? SpdyReader.FLAG_FIN : 0) << 24 | length).put(bytes, offset, length).array();
    }

    /** A control frame of any type and version, for the reader's refusals. */
    static byte[] control(int version, int type, int flags, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putShort((short) (0x8000 | version)).putShort((short) type)
                .putInt(flags << 24 | payload.length).put(payload).array();
    }

    private static byte[] control(int type, int flags, byte[] fields, byte[] block) {
        byte[] payload = new byte[fields.length + block.length];
        System.arraycopy(fields, 0, payload, 0, fields.length);
        System.arraycopy(block, 0, payload, fields.length, block.length);
        return control(3, type, flags, payload);
    }

    byte[] headerBlock(Map<String, String> headers) {
        ByteBuffer plain = ByteBuffer.allocate(4 + headers.entrySet().stream()
                .mapToInt(e -> 8 + e.getKey().length() * 4 + e.getValue().length() * 4).sum());
        plain.putInt(headers.size());
        headers.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            plain.putInt(n.length).put(n).putInt(v.length).put(v);
        });
        return deflate(plain.array(), plain.position());
    }

    /** {@code length} bytes through this writer's zlib stream, flushed so the block ends on its own. */
    byte[] deflate(byte[] plain, int length) {
        deflater.setInput(plain, 0, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        return out.toByteArray();
    }
}
