package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.PgFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The upstream side of a ready session: hands each backend message to {@link ResultFlow}, flushes to
 * the client once per read, and stops reading the database while the client cannot take more.
 */
final class UpstreamRelay extends ChannelInboundHandlerAdapter {

    private final ClientSession session;

    UpstreamRelay(ClientSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PgFrame frame && session.phase == ClientSession.Phase.READY
                && !SettingsPin.answers(frame, session.pending)) {
            boolean ready = frame.type() == 'Z';
            session.results.onBackend(frame);
            if (ready) {
                session.flow.readyForQuery();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        session.client.flush();
        if (!session.client.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.flow.updateAutoRead();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.upstreamLost();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
