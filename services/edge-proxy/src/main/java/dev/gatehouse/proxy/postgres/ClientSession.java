package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.FrameDecoder;
import dev.gatehouse.proxy.postgres.wire.MalformedMessage;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One client connection: the startup phase (TLS, StartupMessage, the JWT as cleartext password), then
 * {@link SessionLogin} opens the upstream, and from then on {@link StatementFlow} handles what the
 * client sends and {@link ResultFlow} what the database answers. Everything runs on the client
 * channel's event loop, which the upstream channel shares, so the session state needs no locking.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    enum Phase { STARTUP, PASSWORD, LOGIN, READY, CLOSED }

    final ListenerServices services;
    final FrameDecoder decoder;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    final Map<String, Prepared> statements = new HashMap<>();
    final Map<String, Portal> portals = new HashMap<>();
    final StatementFlow flow;
    final ResultFlow results;
    final LexingGuard guard = new LexingGuard(this);
    final SettingsPin pin = new SettingsPin();
    final SessionLineage lineage = new SessionLineage();
    private final StartupPhase startupPhase;
    Channel client;
    Channel upstream;
    Phase phase = Phase.STARTUP;
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

    ClientSession(ListenerServices services, FrameDecoder decoder) {
        this.services = services;
        this.decoder = decoder;
        this.flow = new StatementFlow(this);
        this.results = new ResultFlow(this);
        this.startupPhase = new StartupPhase(this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        ctx.executor().schedule(() -> {
            if (phase != Phase.READY && phase != Phase.CLOSED) {
                fatal("08P01", "the session was not opened in time");
            }
        }, services.properties.startupTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PgFrame frame) || phase == Phase.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (phase == Phase.READY) {
            flow.onMessage(frame); // the flow owns the frame now
            return;
        }
        try {
            switch (phase) {
                case STARTUP -> startupPhase.packet(ctx, frame);
                case PASSWORD -> password(frame);
                default -> fatal("08P01", "unexpected message while the session is being opened");
            }
        } catch (MalformedMessage e) {
            fatal("08P01", "invalid message: " + e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void password(PgFrame frame) {
        if (frame.type() != 'p') {
            fatal("08P01", "a password message was expected");
            return;
        }
        String token = PgWire.readCString(frame.body().duplicate());
        phase = Phase.LOGIN;
        client.config().setAutoRead(false);
        new SessionLogin(this).start(token);
    }

    /** Login done: the client gets the database's parameters, the proxy's key, and ReadyForQuery. */
    void ready(Iterable<PgFrame> parameters) {
        ByteBuf ok = PgWire.authRequest(client.alloc(), 0);
        client.write(ok);
        for (PgFrame parameter : parameters) {
            if (phase != Phase.CLOSED && guard.reported(parameter)) {
                client.write(parameter.frame().retain());
            }
            parameter.release();
        }
        if (phase == Phase.CLOSED) {
            return;
        }
        cancelKey = services.cancels.register(this);
        client.write(PgWire.backendKeyData(client.alloc(), (int) (cancelKey >>> 32), (int) cancelKey));
        client.writeAndFlush(PgWire.readyForQuery(client.alloc(), 'I'));
        phase = Phase.READY;
        upstream.pipeline().addLast("relay", new UpstreamRelay(this));
        flow.updateAutoRead();
    }

    void cancelUpstream() {
        UpstreamAddress target = address;
        if (target == null || upstreamProcessId == 0 || client == null) {
            return;
        }
        CancelSender.send(client, target, upstreamProcessId, upstreamSecret);
    }

    /** Sends a FATAL ErrorResponse and closes the client connection. */
    void fatal(String sqlState, String message) {
        if (phase == Phase.CLOSED || client == null) {
            return;
        }
        phase = Phase.CLOSED;
        client.writeAndFlush(PgWire.error(client.alloc(), "FATAL", sqlState, message))
                .addListener(ChannelFutureListener.CLOSE);
    }

    void upstreamLost() {
        if (phase == Phase.READY) {
            fatal("08006", "the database connection was lost");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client.isWritable() && upstream != null && phase == Phase.READY) {
            upstream.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        flow.release();
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
            services.gate.recordAfter(services.events.sessionEnded(context));
            services.leases.releaseSession(context.sessionId).subscribe();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && !(cause.getCause() instanceof javax.net.ssl.SSLException)) {
            fatal("08P01", "invalid message: " + (cause.getMessage() == null ? "malformed" : cause.getMessage()));
        } else if (cause instanceof java.io.IOException || cause instanceof DecoderException) {
            log.debug("client connection failed: {}", cause.getClass().getSimpleName());
            phase = Phase.CLOSED;
            ctx.close();
        } else {
            log.error("PostgreSQL session failed", cause);
            fatal("XX000", "internal error in the Gatehouse proxy");
        }
    }
}
