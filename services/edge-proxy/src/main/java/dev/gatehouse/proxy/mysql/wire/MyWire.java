package dev.gatehouse.proxy.mysql.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/** Reading and writing MySQL's basic types and the generic OK, ERR and EOF packets. */
public final class MyWire {

    public static final int SERVER_STATUS_AUTOCOMMIT = 0x0002;
    public static final int SERVER_MORE_RESULTS_EXISTS = 0x0008;
    public static final int SERVER_STATUS_NO_BACKSLASH_ESCAPES = 0x0200;

    private MyWire() {
    }

    /** A length-encoded integer; -1 for the NULL marker 0xFB. */
    public static long readLenenc(ByteBuf in) {
        int first = in.readUnsignedByte();
        return switch (first) {
            case 0xFB -> -1;
            case 0xFC -> in.readUnsignedShortLE();
            case 0xFD -> in.readUnsignedMediumLE();
            case 0xFE -> in.readLongLE();
            default -> first;
        };
    }

    public static void writeLenenc(ByteBuf out, long value) {
        if (value < 0xFB) {
            out.writeByte((int) value);
        } else if (value <= 0xFFFF) {
            out.writeByte(0xFC).writeShortLE((int) value);
        } else if (value <= 0xFFFFFF) {
            out.writeByte(0xFD).writeMediumLE((int) value);
        } else {
            out.writeByte(0xFE).writeLongLE(value);
        }
    }

    /** A length-encoded string's bytes; null for SQL NULL. */
    public static byte[] readLenencBytes(ByteBuf in) {
        long length = readLenenc(in);
        if (length < 0) {
            return null;
        }
        if (length > in.readableBytes()) {
            throw new IndexOutOfBoundsException("length-encoded string runs past its packet");
        }
        byte[] bytes = new byte[(int) length];
        in.readBytes(bytes);
        return bytes;
    }

    public static String readLenencString(ByteBuf in) {
        byte[] bytes = readLenencBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    public static void writeLenencBytes(ByteBuf out, byte[] bytes) {
        writeLenenc(out, bytes.length);
        out.writeBytes(bytes);
    }

    /** A NUL-terminated string (the rest of the payload when there is no NUL). */
    public static String readNulString(ByteBuf in) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
        int length = (end < 0 ? in.writerIndex() : end) - in.readerIndex();
        String value = in.readCharSequence(length, StandardCharsets.UTF_8).toString();
        if (end >= 0) {
            in.skipBytes(1);
        }
        return value;
    }

    /** A packet with its header: the payload is what {@code body} wrote after the 4 header bytes. */
    public static ByteBuf packet(ByteBufAllocator alloc, int sequence, java.util.function.Consumer<ByteBuf> body) {
        ByteBuf out = alloc.buffer();
        out.writeMediumLE(0).writeByte(sequence & 0xFF);
        body.accept(out);
        out.setMediumLE(0, out.writerIndex() - 4);
        return out;
    }

    /** A payload as a packet (payload under 16 MB). */
    public static ByteBuf packet(ByteBufAllocator alloc, int sequence, ByteBuf payload) {
        ByteBuf header = alloc.buffer(4).writeMediumLE(payload.readableBytes()).writeByte(sequence & 0xFF);
        return alloc.compositeBuffer(2).addComponents(true, header, payload);
    }

    public static ByteBuf ok(ByteBufAllocator alloc, int sequence, int status) {
        return packet(alloc, sequence, out -> out.writeByte(0).writeByte(0).writeByte(0).writeShortLE(status).writeShortLE(0));
    }

    /** ERR with a 5-character SQLSTATE; the message never carries a token or credential. */
    public static ByteBuf error(ByteBufAllocator alloc, int sequence, int code, String sqlState, String message) {
        return packet(alloc, sequence, out -> {
            out.writeByte(0xFF).writeShortLE(code).writeByte('#');
            out.writeCharSequence(sqlState, StandardCharsets.US_ASCII);
            out.writeCharSequence(message, StandardCharsets.UTF_8);
        });
    }

    /** The status flags of an OK packet's payload (header 0x00 or 0xFE), or of an EOF packet. */
    public static int status(ByteBuf payload) {
        ByteBuf in = payload.duplicate();
        int header = in.readUnsignedByte();
        if (header == 0xFE && payload.readableBytes() < 9) {
            in.skipBytes(2);
            return in.readUnsignedShortLE();
        }
        readLenenc(in);
        readLenenc(in);
        return in.readUnsignedShortLE();
    }

    /** Sets or clears MORE_RESULTS_EXISTS in an OK or EOF payload, in place. */
    public static void moreResults(ByteBuf payload, boolean more) {
        ByteBuf in = payload.duplicate();
        int header = in.readUnsignedByte();
        if (header == 0xFE && payload.readableBytes() < 9) {
            in.skipBytes(2);
        } else {
            readLenenc(in);
            readLenenc(in);
        }
        int at = in.readerIndex();
        int status = payload.getUnsignedShortLE(at);
        payload.setShortLE(at, more ? status | SERVER_MORE_RESULTS_EXISTS : status & ~SERVER_MORE_RESULTS_EXISTS);
    }
}
