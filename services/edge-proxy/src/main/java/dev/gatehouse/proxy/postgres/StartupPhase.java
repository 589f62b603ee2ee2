package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Ids;
import dev.gatehouse.proxy.postgres.wire.AuthCode;
import dev.gatehouse.proxy.postgres.wire.FrontendMessage;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The untyped packets before login: SSLRequest (TLS is offered when configured), GSSENCRequest (refused),
 * CancelRequest, and the StartupMessage, which is accepted over TLS only, or in plaintext from loopback
 * when that is allowed; then the client is asked for its password (the JWT) in cleartext, and its
 * PasswordMessage starts the {@link SessionLogin}.
 */
final class StartupPhase {

    private final ClientSession s;

    StartupPhase(ClientSession session) {
        this.s = session;
    }

    void packet(ChannelHandlerContext ctx, PgFrame frame) {
        if (!frame.startupPacket()) {
            s.fatal(SqlState.PROTOCOL_VIOLATION, "a startup packet was expected");
            return;
        }
        ByteBuf body = frame.body();
        PgWire.need(body, 4);
        int code = body.getInt(body.readerIndex());
        SslContext tls = s.services.serverTls();
        switch (code) {
            case PgWire.SSL_REQUEST -> {
                boolean offer = tls != null && ctx.pipeline().get(SslHandler.class) == null;
                ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(offer ? 'S' : 'N'));
                if (offer) {
                    ctx.pipeline().addFirst("tls", tls.newHandler(ctx.alloc()));
                }
                s.decoder.next(ctx, true);
            }
            case PgWire.GSSENC_REQUEST -> {
                ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('N'));
                s.decoder.next(ctx, true);
            }
            case PgWire.CANCEL_REQUEST -> {
                PgWire.need(body, 12);
                ClientSession target = s.services.cancels.find(body.getInt(body.readerIndex() + 4),
                        body.getInt(body.readerIndex() + 8));
                if (target != null) {
                    target.cancelUpstream();
                }
                ctx.close();
            }
            default -> {
                if (code >>> 16 != 3) {
                    s.fatal(SqlState.PROTOCOL_VIOLATION, "unsupported frontend protocol");
                    return;
                }
                Map<String, String> parameters = Messages.startupParameters(body.slice(body.readerIndex() + 4,
                        body.readableBytes() - 4));
                negotiateProtocol(ctx, code, parameters);
                startupMessage(ctx, parameters);
            }
        }
    }

    /** A newer 3.x client or {@code _pq_.} options: answer NegotiateProtocolVersion and speak 3.0, as PostgreSQL does. */
    private void negotiateProtocol(ChannelHandlerContext ctx, int code, Map<String, String> parameters) {
        java.util.List<String> options = parameters.keySet().stream().filter(name -> name.startsWith("_pq_.")).toList();
        if (code == PgWire.PROTOCOL_3 && options.isEmpty()) {
            return;
        }
        options.forEach(parameters::remove);
        ByteBuf out = ctx.alloc().buffer().writeByte('v').writeInt(0).writeInt(PgWire.PROTOCOL_3).writeInt(options.size());
        options.forEach(option -> PgWire.cstring(out, option));
        out.setInt(1, out.writerIndex() - 1);
        ctx.write(out);
    }

    private void startupMessage(ChannelHandlerContext ctx, Map<String, String> parameters) {
        String user = parameters.get("user");
        if (user == null || user.isEmpty()) {
            s.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "no user name given");
            return;
        }
        String replication = parameters.getOrDefault("replication", "false");
        if (!replication.equalsIgnoreCase("false") && !replication.equals("0") && !replication.equalsIgnoreCase("off")) {
            s.fatal(SqlState.INSUFFICIENT_PRIVILEGE, "replication connections are not allowed through Gatehouse");
            return;
        }
        if (ctx.pipeline().get(SslHandler.class) == null && !(s.services.properties.allowPlaintextLoopback() && loopback())) {
            s.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "the Gatehouse listener requires TLS (sslmode=require)");
            return;
        }
        String pinned = PinnedSettings.startupRefusal(parameters);
        if (pinned != null) {
            s.fatal(SqlState.FEATURE_NOT_SUPPORTED, pinned);
            return;
        }
        s.startup = parameters;
        String connection = parameters.getOrDefault("database", user);
        s.context = new SessionContext(Ids.uuidV7().toString(), connection, user, String.valueOf(s.client.remoteAddress()));
        s.link.phase(ClientLink.Phase.PASSWORD);
        s.decoder.next(ctx, false);
        ctx.writeAndFlush(PgWire.authRequest(ctx.alloc(), AuthCode.CLEARTEXT_PASSWORD));
    }

    /** The PasswordMessage: the caller's JWT. Reading stops until the login is done or refused. */
    void password(PgFrame frame) {
        if (frame.frontend() != FrontendMessage.PASSWORD) {
            s.fatal(SqlState.PROTOCOL_VIOLATION, "a password message was expected");
            return;
        }
        String token = PgWire.readCString(frame.body().duplicate());
        s.link.phase(ClientLink.Phase.LOGIN);
        s.link.reading(false);
        new SessionLogin(s).start(token);
    }

    private boolean loopback() {
        return s.client.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
    }
}
