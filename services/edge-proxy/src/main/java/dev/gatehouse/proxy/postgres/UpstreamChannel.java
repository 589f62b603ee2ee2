package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.PgFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** What a stage may do to the database connection: send it messages (flushed once per batch). */
interface UpstreamChannel {

    ByteBufAllocator alloc();

    void send(ByteBuf message);

    /** Forwards a client's message as it came; the caller keeps its own reference. */
    default void forward(PgFrame frame) {
        send(frame.frame().retain());
    }

    void flush();

    /** False while the database's socket buffer is full: the client is then not read. */
    boolean writable();
}
