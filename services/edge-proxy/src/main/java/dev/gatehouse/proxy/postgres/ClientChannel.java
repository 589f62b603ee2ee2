package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.PgFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * What a stage may do to the client: send it messages, stop or resume reading from it, end the session.
 * The stages see only this (not the Netty channel, not the session's other parts), so each can be tested
 * on its own channel and none can skip the session's rule that a closed session sends nothing more.
 */
interface ClientChannel {

    ByteBufAllocator alloc();

    /** Writes without flushing: the relay flushes once per read from the database. */
    void send(ByteBuf message);

    /** Passes a message from the database on as it came; the caller keeps its own reference. */
    default void pass(PgFrame frame) {
        send(frame.frame().retain());
    }

    void sendAndFlush(ByteBuf message);

    /** Whether statements may still be handled: the session is logged in and not ended. */
    boolean ready();

    /** Reading stops while a decision is awaited or the queue is full (backpressure). */
    void reading(boolean on);

    /** Runs on the session's event loop (after an asynchronous decision), after what runs now. */
    void later(Runnable action);

    /** Sends a FATAL ErrorResponse and closes: nothing else goes to the client after it. */
    void fatal(String sqlState, String message);

    /** The client asked to leave (Terminate). */
    void close();
}
