package dev.gatehouse.proxy.mysql.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Splits the byte stream into {@link MyPacket}s: a 3-byte little-endian length, a sequence id, the
 * payload. During the handshake one packet is decoded at a time ({@link #resume} reads the next): a client
 * starts TLS right after its SSLRequest without waiting, so the bytes behind it are the TLS handshake and
 * {@link #takeRemaining} hands them to the TLS handler. A payload over {@code maxPayload} is a
 * {@link TooLongFrameException}.
 */
public final class PacketDecoder extends ByteToMessageDecoder {

    private final int maxPayload;
    private boolean oneAtATime;
    private boolean paused;
    private ChannelHandlerContext self;

    public PacketDecoder(int maxPayload, boolean oneAtATime) {
        this.maxPayload = maxPayload;
        this.oneAtATime = oneAtATime;
    }

    /** Reads the next packet; {@code oneAtATime} false once the handshake is over. */
    public void resume(boolean oneAtATime) {
        this.oneAtATime = oneAtATime;
        this.paused = false;
        ChannelHandlerContext ctx = self;
        if (ctx != null && internalBuffer().isReadable()) {
            // packets already received are decoded now, not only when more bytes arrive
            ctx.channel().eventLoop().execute(() -> {
                try {
                    channelRead(ctx, Unpooled.EMPTY_BUFFER);
                } catch (Exception e) {
                    ctx.fireExceptionCaught(e);
                }
            });
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        self = ctx;
    }

    /** The bytes received after the last packet, taken out of this decoder (null when none). */
    public ByteBuf takeRemaining() {
        ByteBuf buffered = internalBuffer();
        return buffered.isReadable() ? buffered.readBytes(buffered.readableBytes()) : null; // a copy: the decoder may reuse its buffer
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (paused || in.readableBytes() < 4) {
            return;
        }
        int length = in.getUnsignedMediumLE(in.readerIndex());
        if (length > maxPayload) {
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("packet of " + length + " bytes is over the limit");
        }
        if (in.readableBytes() < length + 4) {
            return;
        }
        int sequence = in.getUnsignedByte(in.readerIndex() + 3);
        in.skipBytes(4);
        out.add(new MyPacket(sequence, in.readRetainedSlice(length)));
        paused = oneAtATime;
    }
}
