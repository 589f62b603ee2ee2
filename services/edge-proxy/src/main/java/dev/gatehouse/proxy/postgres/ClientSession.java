package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.ClientLink.Phase;
import dev.gatehouse.proxy.postgres.wire.AuthCode;
import dev.gatehouse.proxy.postgres.wire.FrameDecoder;
import dev.gatehouse.proxy.postgres.wire.MalformedMessage;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * One client connection, and the wiring of its stages: the startup phase (TLS, StartupMessage, the JWT
 * as cleartext password), then {@link SessionLogin} opens the upstream, and from then on
 * {@link StatementFlow} handles what the client sends and {@link ResultFlow} what the database answers,
 * matched through one {@link ResponseQueue}. The stages see the client and the database only through
 * {@link ClientChannel} and {@link UpstreamChannel}. Everything runs on the client channel's event loop,
 * which the upstream channel shares, so nothing here needs locking.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    final ListenerServices services;
    final FrameDecoder decoder;
    final SessionLineage lineage = new SessionLineage();
    private final StartupPhase startupPhase;
    /** The client connection and the session's phase. */
    ClientLink link;
    Channel client;
    Channel upstream;
    SessionContext context;
    Map<String, String> startup;
    UpstreamAddress address;
    /** The upstream as the policy wrote it when the session opened: the per-statement check compares text first. */
    String upstreamText;
    int upstreamProcessId;
    int upstreamSecret;
    long cancelKey;
    boolean started;
    /** This session's place under the listener's session limits; given back when the client leaves. */
    volatile SessionLimits.Admission admission;
    /** The approval a held statement waits for; cancelled when the client leaves. */
    volatile java.util.UUID awaitingApproval;
    private StatementFlow flow;

    ClientSession(ListenerServices services, FrameDecoder decoder) {
        this.services = services;
        this.decoder = decoder;
        this.startupPhase = new StartupPhase(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        client = ctx.channel();
        link = new ClientLink(client);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            if (link.phase() != Phase.READY && link.phase() != Phase.CLOSED) {
                fatal(SqlState.PROTOCOL_VIOLATION, "the session was not opened in time");
            }
        }, services.properties.startupTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PgFrame frame) || link.phase() == Phase.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (link.phase() == Phase.READY) {
            flow.onMessage(frame); // the flow owns the frame now
            return;
        }
        try {
            switch (link.phase()) {
                case STARTUP -> startupPhase.packet(ctx, frame);
                case PASSWORD -> startupPhase.password(frame);
                default -> fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message while the session is being opened");
            }
        } catch (MalformedMessage e) {
            fatal(SqlState.PROTOCOL_VIOLATION, "invalid message: " + e.getMessage());
        } finally {
            frame.release();
        }
    }

    /**
     * Login done: the stages are wired to the upstream, and the client gets the database's parameters,
     * the proxy's key, and ReadyForQuery.
     */
    void ready(Iterable<PgFrame> parameters) {
        LexingGuard guard = new LexingGuard(link, context);
        client.write(PgWire.authRequest(client.alloc(), AuthCode.OK));
        for (PgFrame parameter : parameters) {
            if (link.phase() != Phase.CLOSED && guard.reported(parameter)) {
                client.write(parameter.frame().retain());
            }
            parameter.release();
        }
        if (link.phase() == Phase.CLOSED) {
            return;
        }
        cancelKey = services.cancels.register(this);
        client.write(PgWire.backendKeyData(client.alloc(), (int) (cancelKey >>> 32), (int) cancelKey));
        client.writeAndFlush(PgWire.readyForQuery(client.alloc(), 'I'));
        ResponseQueue pending = new ResponseQueue();
        ResultFlow results = new ResultFlow(link, context, pending, new ResultMasking(link, services.masking, lineage),
                new TextWithholding(link, lineage), guard,
                execution -> services.gate.recordAfter(services.events.response(context, execution)));
        flow = new StatementFlow(link, new UpstreamLink(upstream), pending, guard, new SettingsPin(),
                Decisions.of(new StatementJudge(this)));
        link.phase(Phase.READY);
        upstream.pipeline().addLast("relay", new UpstreamRelay(link, pending, results, flow, this::upstreamLost));
        flow.updateAutoRead();
    }

    void cancelUpstream() {
        UpstreamAddress target = address;
        if (target == null || upstreamProcessId == 0) {
            return;
        }
        CancelSender.send(client, target, upstreamProcessId, upstreamSecret);
    }

    /** Sends a FATAL ErrorResponse and closes the client connection. */
    void fatal(String sqlState, String message) {
        link.fatal(sqlState, message);
    }

    private void upstreamLost() {
        if (link.phase() == Phase.READY) {
            fatal(SqlState.CONNECTION_FAILURE, "the database connection was lost");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client.isWritable() && upstream != null && link.phase() == Phase.READY) {
            upstream.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        link.phase(Phase.CLOSED);
        if (flow != null) {
            flow.release();
        }
        services.cancels.remove(cancelKey);
        SessionLimits.Admission place = admission;
        if (place != null) {
            place.leave();
        }
        java.util.UUID approval = awaitingApproval;
        if (approval != null) {
            services.review.withdraw(approval).onErrorComplete().subscribe();
        }
        if (upstream != null && upstream.isActive()) {
            upstream.writeAndFlush(PgWire.terminate(upstream.alloc())).addListener(ChannelFutureListener.CLOSE);
        }
        if (started) {
            if (flow != null) {
                // A run folded into its RESPONSE left no record yet: it may have run, so it is recorded now.
                for (Execution execution : flow.unfinished()) {
                    if (execution.folded) {
                        services.gate.recordAfter(services.events.response(context, execution));
                        execution.finished = true;
                    }
                }
            }
            services.gate.recordAfter(services.events.sessionEnded(context));
            services.leases.releaseSession(context.sessionId).subscribe();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && !(cause.getCause() instanceof javax.net.ssl.SSLException)) {
            fatal(SqlState.PROTOCOL_VIOLATION, "invalid message: "
                    + (cause.getMessage() == null ? "malformed" : cause.getMessage()));
        } else if (cause instanceof java.io.IOException || cause instanceof DecoderException) {
            log.debug("client connection failed: {}", cause.getClass().getSimpleName());
            link.phase(Phase.CLOSED);
            ctx.close();
        } else {
            log.error("PostgreSQL session failed", cause);
            fatal(SqlState.INTERNAL_ERROR, "internal error in the Gatehouse proxy");
        }
    }
}
