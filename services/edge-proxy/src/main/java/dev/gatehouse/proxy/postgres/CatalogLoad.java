package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.lineage.CatalogRows;
import dev.gatehouse.proxy.postgres.lineage.ColumnCatalog;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Runs the lineage catalog query on a freshly logged-in upstream session, before the client is told it
 * is ready: the proxy's own simple Query, whose answer it consumes (the client never sees it, the audit
 * trail does not record it as the caller's). A refused query leaves the session without a catalog;
 * a lost connection fails the login.
 */
final class CatalogLoad extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(CatalogLoad.class);

    private final CatalogRows rows;
    private final Consumer<Result> done;
    private final long startedNanos = System.nanoTime();
    private String failure;
    private boolean finished;

    /** The catalog ({@link ColumnCatalog#UNAVAILABLE} with a reason when none), or {@code lost} when the database went away. */
    record Result(ColumnCatalog catalog, String unavailable, boolean overCap, boolean lost) {
    }

    private CatalogLoad(int cap, Consumer<Result> done) {
        this.rows = new CatalogRows(cap);
        this.done = done;
    }

    /** Sends the query on {@code upstream} (reading on) and calls {@code done} on its event loop once answered. */
    static void run(Channel upstream, int cap, Consumer<Result> done) {
        CatalogLoad load = new CatalogLoad(cap, done);
        upstream.pipeline().addLast("catalog", load);
        upstream.writeAndFlush(PgWire.query(upstream.alloc(), CatalogRows.query(cap)));
        upstream.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof PgFrame frame && !finished) {
                message(ctx, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void message(ChannelHandlerContext ctx, PgFrame frame) {
        switch (frame.backend()) {
            case DATA_ROW -> {
                if (failure == null) {
                    try {
                        rows.accept(Messages.dataRow(frame.body()));
                    } catch (RuntimeException e) {
                        failure = "the catalog answer was not understood";
                    }
                }
            }
            case ERROR_RESPONSE -> failure = "the catalog query failed (SQLSTATE " + Messages.fields(frame.body()).get('C') + ")";
            case READY_FOR_QUERY -> finish(ctx);
            default -> { // RowDescription, CommandComplete, NOTICE: nothing to keep
            }
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        finished = true;
        ctx.pipeline().remove(this);
        ColumnCatalog catalog = failure == null ? rows.build() : ColumnCatalog.UNAVAILABLE;
        String unavailable = failure != null ? failure : catalog.available() ? null
                : rows.overCap() ? "more catalog rows than lineage-max-rows" : "the catalog rows were not in order";
        log.debug("lineage catalog: {} in {} µs", catalog, (System.nanoTime() - startedNanos) / 1_000);
        done.accept(new Result(catalog, unavailable, failure == null && rows.overCap(), false));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lost();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lost();
        ctx.close();
    }

    private void lost() {
        if (!finished) {
            finished = true;
            done.accept(new Result(ColumnCatalog.UNAVAILABLE, null, false, true));
        }
    }
}
