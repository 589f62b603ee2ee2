package dev.gatehouse.proxy.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;

/** The logged-in database connection as the stages see it. */
final class UpstreamLink implements UpstreamChannel {

    private final Channel channel;

    UpstreamLink(Channel channel) {
        this.channel = channel;
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
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }
}
