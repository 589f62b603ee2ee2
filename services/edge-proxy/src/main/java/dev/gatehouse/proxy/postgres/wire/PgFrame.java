package dev.gatehouse.proxy.postgres.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One protocol message. {@code frame} holds the whole message as it came (type byte, length, body), so
 * it can be forwarded untouched; {@link #body()} is a view of the body alone. {@code type} is 0 for an
 * untyped startup-phase packet (SSLRequest, StartupMessage, CancelRequest), whose body starts with its code.
 */
public final class PgFrame extends AbstractReferenceCounted {

    private final byte type;
    private final ByteBuf frame;
    private final int headerLength;

    public PgFrame(byte type, ByteBuf frame, int headerLength) {
        this.type = type;
        this.frame = frame;
        this.headerLength = headerLength;
    }

    public char type() {
        return (char) type;
    }

    /** An untyped startup-phase packet (SSLRequest, StartupMessage, CancelRequest): its body starts with its code. */
    public boolean startupPacket() {
        return type == 0;
    }

    /** What this message is when a client sent it. */
    public FrontendMessage frontend() {
        return FrontendMessage.of((char) (type & 0xff));
    }

    /** What this message is when the database sent it. */
    public BackendMessage backend() {
        return BackendMessage.of((char) (type & 0xff));
    }

    /** The whole message; forwarding it must {@code retain} first. */
    public ByteBuf frame() {
        return frame;
    }

    /** The body (a view that shares the frame's reference count and index-independent content). */
    public ByteBuf body() {
        return frame.slice(frame.readerIndex() + headerLength, frame.readableBytes() - headerLength);
    }

    public int length() {
        return frame.readableBytes();
    }

    @Override
    protected void deallocate() {
        frame.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        frame.touch(hint);
        return this;
    }
}
