package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.BackendMessage;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The upstream side of a ready session: hands each backend message to {@link ResultFlow} (unless it
 * answers the session's own {@link SettingsPin}), lets the {@link StatementFlow} go on at ReadyForQuery,
 * flushes to the client once per read, and stops reading the database while the client cannot take more.
 */
final class UpstreamRelay extends ChannelInboundHandlerAdapter {

    private final ClientLink client;
    private final ResponseQueue pending;
    private final ResultFlow results;
    private final StatementFlow flow;
    private final Runnable lost;

    UpstreamRelay(ClientLink client, ResponseQueue pending, ResultFlow results, StatementFlow flow, Runnable lost) {
        this.client = client;
        this.pending = pending;
        this.results = results;
        this.flow = flow;
        this.lost = lost;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PgFrame frame && client.ready() && !SettingsPin.answers(frame, pending)) {
            boolean ready = frame.backend() == BackendMessage.READY_FOR_QUERY;
            results.onBackend(frame);
            if (ready) {
                flow.readyForQuery();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
        if (!client.writable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        flow.updateAutoRead();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lost.run();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
