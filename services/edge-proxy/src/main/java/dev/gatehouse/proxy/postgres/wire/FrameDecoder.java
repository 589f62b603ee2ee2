package dev.gatehouse.proxy.postgres.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Splits the byte stream into {@link PgFrame}s. In the startup phase (client side only) packets are
 * untyped and one is decoded at a time: after each the session decides what comes next (TLS, another
 * startup packet, typed messages), since bytes after an SSLRequest belong to the TLS handshake.
 * A length below the protocol minimum or over {@code maxMessageBytes} is a {@link CorruptedFrameException}
 * or {@link TooLongFrameException}; the session answers it and closes.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    static final int MAX_STARTUP_BYTES = 10_000;

    private final int maxMessageBytes;
    private boolean startup;
    private boolean paused;

    public FrameDecoder(int maxMessageBytes, boolean startup) {
        this.maxMessageBytes = maxMessageBytes;
        this.startup = startup;
    }

    /** After a startup packet was handled: {@code true} to read another untyped one, else typed messages. */
    public void next(ChannelHandlerContext ctx, boolean anotherStartupPacket) {
        startup = anotherStartupPacket;
        paused = false;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (paused) {
            return;
        }
        if (startup) {
            decodeStartup(in, out);
        } else {
            decodeTyped(in, out);
        }
    }

    private void decodeStartup(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length > MAX_STARTUP_BYTES) {
            in.skipBytes(in.readableBytes());
            throw new CorruptedFrameException("invalid startup packet length");
        }
        if (in.readableBytes() < length) {
            return;
        }
        out.add(new PgFrame((byte) 0, in.readRetainedSlice(length), 4));
        paused = true;
    }

    private void decodeTyped(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        int length = in.getInt(in.readerIndex() + 1);
        if (length < 4) {
            in.skipBytes(in.readableBytes());
            throw new CorruptedFrameException("invalid message length");
        }
        if (length > maxMessageBytes) {
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("message of " + length + " bytes exceeds the limit");
        }
        if (in.readableBytes() < length + 1) {
            return;
        }
        byte type = in.getByte(in.readerIndex());
        out.add(new PgFrame(type, in.readRetainedSlice(length + 1), 5));
    }
}
