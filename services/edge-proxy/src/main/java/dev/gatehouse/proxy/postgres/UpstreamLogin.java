package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Credential;
import dev.gatehouse.proxy.postgres.wire.AuthCode;
import dev.gatehouse.proxy.postgres.wire.FrameDecoder;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens the session's upstream connection on the client's own event loop and logs in with the lease:
 * optional TLS, then trust, cleartext, MD5 or SCRAM-SHA-256. Collects the ParameterStatus messages and
 * the upstream's BackendKeyData; reports once ReadyForQuery arrives, or a failure that names no secret.
 */
final class UpstreamLogin extends ChannelInboundHandlerAdapter {

    interface Listener {
        void ready(Channel upstream, List<PgFrame> parameters, int processId, int secret);

        void failed(String message);
    }

    private enum State { SSL, AUTH, PARAMETERS, DONE }

    private final UpstreamAddress address;
    private final Credential credential;
    private final Map<String, String> parameters;
    private final ListenerServices services;
    private final Listener listener;
    private final List<PgFrame> statuses = new ArrayList<>();
    private State state = State.SSL;
    private final PasswordExchange password;
    private int processId;
    private int secret;
    private Channel channel;

    private UpstreamLogin(UpstreamAddress address, Credential credential, Map<String, String> parameters,
                          ListenerServices services, Listener listener) {
        this.address = address;
        this.credential = credential;
        this.parameters = parameters;
        this.services = services;
        this.listener = listener;
        this.password = new PasswordExchange(credential);
    }

    @SuppressWarnings("unchecked")
    static void connect(Channel client, UpstreamAddress address, Credential credential, Map<String, String> parameters,
                        ListenerServices services, Listener listener) {
        UpstreamLogin login = new UpstreamLogin(address, credential, parameters, services, listener);
        new Bootstrap().group(client.eventLoop())
                .channel((Class<? extends Channel>) client.getClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) services.properties.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast("login", login);
                    }
                })
                .connect(address.host(), address.port())
                .addListener(future -> {
                    if (!future.isSuccess()) {
                        login.fail("the database cannot be reached");
                    }
                });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (services.properties.upstreamSsl() == PostgresProperties.UpstreamSsl.DISABLE) {
            startTyped(ctx);
        } else {
            ctx.writeAndFlush(PgWire.sslRequest(ctx.alloc()));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.SSL && msg instanceof ByteBuf answer) {
                sslAnswer(ctx, answer.readableBytes() == 1 ? (char) answer.getByte(answer.readerIndex()) : '?');
            } else if (msg instanceof PgFrame frame) {
                loginMessage(ctx, frame);
            }
        } catch (RuntimeException e) {
            fail("the database login failed: " + e.getClass().getSimpleName());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void sslAnswer(ChannelHandlerContext ctx, char answer) {
        if (answer == 'S') {
            SslHandler tls = services.upstreamTls().newHandler(ctx.alloc(), address.host(), address.port());
            ctx.pipeline().addFirst("tls", tls);
            tls.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    startTyped(ctx);
                } else {
                    fail("TLS with the database failed");
                }
            });
        } else if (answer == 'N' && services.properties.upstreamSsl() != PostgresProperties.UpstreamSsl.REQUIRE) {
            startTyped(ctx);
        } else {
            fail("the database does not offer TLS");
        }
    }

    private void startTyped(ChannelHandlerContext ctx) {
        state = State.AUTH;
        ctx.pipeline().addBefore("login", "frames", new FrameDecoder(services.properties.maxMessageBytes(), false));
        ctx.writeAndFlush(PgWire.startup(ctx.alloc(), parameters));
    }

    private void loginMessage(ChannelHandlerContext ctx, PgFrame frame) {
        ByteBuf body = frame.body();
        switch (frame.backend()) {
            case AUTHENTICATION -> authentication(ctx, body);
            case PARAMETER_STATUS -> statuses.add((PgFrame) frame.retain());
            case BACKEND_KEY_DATA -> {
                PgWire.need(body, 8);
                processId = body.getInt(body.readerIndex());
                secret = body.getInt(body.readerIndex() + 4);
            }
            case ERROR_RESPONSE -> fail("the database refused the login (SQLSTATE " + Messages.fields(body).get('C') + ")");
            case READY_FOR_QUERY -> {
                state = State.DONE;
                ctx.pipeline().remove(this);
                listener.ready(ctx.channel(), statuses, processId, secret);
            }
            default -> { // NoticeResponse and the like during login: nothing the client needs
            }
        }
    }

    private void authentication(ChannelHandlerContext ctx, ByteBuf body) {
        PgWire.need(body, 4);
        int code = body.getInt(body.readerIndex());
        ByteBuf data = body.slice(body.readerIndex() + 4, body.readableBytes() - 4);
        switch (code) {
            case AuthCode.OK -> state = State.PARAMETERS;
            case AuthCode.CLEARTEXT_PASSWORD -> ctx.writeAndFlush(PgWire.password(ctx.alloc(), credential.secret()));
            case AuthCode.MD5_PASSWORD -> ctx.writeAndFlush(PgWire.password(ctx.alloc(), password.md5(data)));
            case AuthCode.SASL -> ctx.writeAndFlush(password.scramStart(ctx.alloc(), data));
            case AuthCode.SASL_CONTINUE -> ctx.writeAndFlush(PgWire.saslResponse(ctx.alloc(), password.scramContinue(data)));
            case AuthCode.SASL_FINAL -> password.scramFinish(data);
            default -> fail("the database asks for an authentication method the proxy does not support");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("the database closed the connection during login");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail("the database connection failed during login");
        ctx.close();
    }

    private void fail(String message) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        statuses.forEach(PgFrame::release);
        statuses.clear();
        if (channel != null) {
            channel.close();
        }
        listener.failed(message);
    }
}
