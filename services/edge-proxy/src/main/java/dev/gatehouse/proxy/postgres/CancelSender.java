package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;

/** Sends PostgreSQL's CancelRequest for the upstream session over a connection of its own. */
final class CancelSender {

    private CancelSender() {
    }

    @SuppressWarnings("unchecked")
    static void send(Channel like, UpstreamAddress address, int processId, int secret) {
        new Bootstrap().group(like.eventLoop())
                .channel((Class<? extends Channel>) like.getClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(address.host(), address.port())
                .addListener((ChannelFutureListener) future -> {
                    if (future.isSuccess()) {
                        future.channel().writeAndFlush(PgWire.untyped(future.channel().alloc(), PgWire.CANCEL_REQUEST,
                                processId, secret)).addListener(ChannelFutureListener.CLOSE);
                    }
                });
    }
}
