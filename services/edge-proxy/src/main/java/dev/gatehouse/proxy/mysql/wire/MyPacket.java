package dev.gatehouse.proxy.mysql.wire;

import io.netty.buffer.ByteBuf;

/**
 * One MySQL protocol packet: its sequence id and payload (reference-counted; whoever consumes it
 * releases it). A payload of {@link #MAX_PAYLOAD} bytes is continued by the next packet.
 */
public record MyPacket(int sequence, ByteBuf payload) {

    public static final int MAX_PAYLOAD = 0xFFFFFF;

    /** The first payload byte (the command or response header), or -1 for an empty payload. */
    public int header() {
        return payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
    }

    public int length() {
        return payload.readableBytes();
    }

    /** An EOF packet: header 0xFE and shorter than 9 bytes (a longer 0xFE is a length-encoded value). */
    public boolean isEof() {
        return header() == 0xFE && length() < 9;
    }

    public boolean isError() {
        return header() == 0xFF;
    }

    public void release() {
        payload.release();
    }
}
