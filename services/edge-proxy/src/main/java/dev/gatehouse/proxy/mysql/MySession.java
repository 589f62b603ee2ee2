package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import dev.gatehouse.proxy.mysql.wire.PacketDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of the MySQL listener: the handshake ({@link HandshakePhase}), the login
 * ({@link SessionOpen}), then commands ({@link Commands}) one at a time. Everything runs on the client
 * channel's event loop; the upstream channel shares it.
 */
final class MySession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MySession.class);

    enum Phase { HANDSHAKE, LOGIN, READY, CLOSED }

    final MysqlServices services;
    final PacketDecoder decoder;
    Channel client;
    MyContext context;
    Phase phase = Phase.HANDSHAKE;
    /** The client's capability flags, as offered and accepted. */
    int clientCapabilities;
    Channel upstream;
    boolean started;
    final HandshakePhase handshake;
    Commands commands;
    private ScheduledFuture<?> startupTimer;

    MySession(MysqlServices services, PacketDecoder decoder) {
        this.services = services;
        this.decoder = decoder;
        this.handshake = new HandshakePhase(this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        InetSocketAddress peer = (InetSocketAddress) client.remoteAddress();
        context = new MyContext(peer == null ? "unknown" : peer.getAddress().getHostAddress());
        startupTimer = client.eventLoop().schedule(() -> {
            if (phase != Phase.READY && phase != Phase.CLOSED) {
                refuseAndClose(1, 1045, "08S01", "Gatehouse: the login did not complete in time");
            }
        }, services.properties.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        handshake.greet();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MyPacket packet = (MyPacket) msg;
        switch (phase) {
            case HANDSHAKE -> handshake.read(packet);
            case READY -> commands.received(packet);
            default -> packet.release(); // nothing is read while logging in or after the end
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel up = upstream;
        if (up != null) {
            up.config().setAutoRead(client.isWritable()); // backpressure: read rows only as fast as the client takes them
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            refuseAndClose(0, 1153, "08S01", "Gatehouse: packet bigger than the listener accepts");
        } else if (cause instanceof DecoderException && cause.getCause() instanceof javax.net.ssl.SSLException) {
            log.info("TLS with a MySQL client failed: {}", cause.getCause().getMessage());
            end("tls-failed");
        } else {
            log.warn("MySQL session failed: {}", cause.toString());
            end("internal-error");
        }
    }

    /** Sends ERR and closes the client connection (the login failed or the session cannot go on). */
    void refuseAndClose(int sequence, int code, String sqlState, String message) {
        log.debug("MySQL session refused: {} {}", code, message);
        if (client.isActive()) {
            client.writeAndFlush(MyWire.error(client.alloc(), sequence, code, sqlState, message))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        if (phase == Phase.READY) {
            context.endedBecause = message;
        }
        end(null);
    }

    void send(ByteBuf packet) {
        client.write(packet);
    }

    /** Logged in: the OK goes to the client and commands are read from now on. */
    void ready(int sequence) {
        phase = Phase.READY;
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        commands = new Commands(this);
        client.writeAndFlush(MyWire.ok(client.alloc(), sequence, MyWire.SERVER_STATUS_AUTOCOMMIT));
        decoder.resume(false);
    }

    /** Ends the session once: both connections closed, SESSION_ENDED recorded when it had started. */
    void end(String because) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        if (because != null && context.endedBecause == null) {
            context.endedBecause = because;
        }
        if (commands != null) {
            commands.closed();
        }
        if (upstream != null) {
            upstream.close();
        }
        client.close();
        if (started) {
            services.gate.recordAfter(services.events.sessionEnded(context));
        }
        if (context.leaseId != null) {
            releaseLease();
        }
    }

    /**
     * Ends the session's own lease now, as PostgreSQL's listener does: for a MYSQL_DYNAMIC connection the
     * vault drops the minted user and kills what is still connected with it. Also after a failed login
     * (upstream refused, audit down): the user minted for it must not wait for the sweeper. A shared
     * (static) lease is not touched. Never fails; what the vault misses, its sweeper ends at expiry.
     */
    void releaseLease() {
        services.leases.releaseSession(context.sessionId).subscribe();
    }
}
