package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * The client connection and where the session is in its life. The phase lives here because it guards
 * every write: once the session is CLOSED (a FATAL sent, the client gone) nothing else may reach the
 * client, whichever stage asks.
 */
final class ClientLink implements ClientChannel {

    enum Phase { STARTUP, PASSWORD, LOGIN, READY, CLOSED }

    private final Channel channel;
    private Phase phase = Phase.STARTUP;

    ClientLink(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    Phase phase() {
        return phase;
    }

    void phase(Phase next) {
        phase = next;
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public void send(ByteBuf message) {
        channel.write(message);
    }

    @Override
    public void sendAndFlush(ByteBuf message) {
        channel.writeAndFlush(message);
    }

    void flush() {
        channel.flush();
    }

    boolean writable() {
        return channel.isWritable();
    }

    @Override
    public boolean ready() {
        return phase == Phase.READY;
    }

    @Override
    public void reading(boolean on) {
        channel.config().setAutoRead(on);
    }

    @Override
    public void later(Runnable action) {
        channel.eventLoop().execute(action);
    }

    @Override
    public void fatal(String sqlState, String message) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        channel.writeAndFlush(PgWire.error(channel.alloc(), "FATAL", sqlState, message))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        channel.close();
    }
}
