package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.Credential;
import dev.gatehouse.proxy.mysql.wire.Capabilities;
import dev.gatehouse.proxy.mysql.wire.Handshakes;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import dev.gatehouse.proxy.mysql.wire.PacketDecoder;
import dev.gatehouse.proxy.mysql.wire.Scrambles;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Logs in to the database with the lease's credential: TLS when the server offers it (trusting any
 * certificate: it protects the password in transit, the address comes from policy), then
 * {@code mysql_native_password} (MariaDB) or {@code caching_sha2_password} (MySQL 8; its full
 * authentication sends the password only inside TLS), following an AuthSwitchRequest. The session is
 * always utf8mb4 and never has CLIENT_MULTI_STATEMENTS.
 */
final class UpstreamLogin extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamLogin.class);

    interface Listener {
        void ready(Channel upstream);

        void failed(String message);
    }

    private final MyAddress address;
    private final Credential credential;
    private final Listener listener;
    private final int clientCapabilities;
    private boolean tls;
    private boolean done;
    private Channel channel;

    private UpstreamLogin(MyAddress address, Credential credential, Listener listener, int clientCapabilities) {
        this.address = address;
        this.credential = credential;
        this.listener = listener;
        this.clientCapabilities = clientCapabilities;
    }

    @SuppressWarnings("unchecked")
    static void connect(Channel client, MyAddress address, Credential credential, MysqlServices services,
                        int clientCapabilities, Listener listener) {
        UpstreamLogin login = new UpstreamLogin(address, credential, listener, clientCapabilities);
        new Bootstrap().group(client.eventLoop())
                .channel((Class<? extends Channel>) client.getClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) services.properties.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast("packets", new PacketDecoder(MyPacket.MAX_PAYLOAD, false))
                                .addLast("login", login);
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MyPacket packet = (MyPacket) msg;
        try {
            if (packet.sequence() == 0) {
                greeting(ctx, Handshakes.serverGreeting(packet.payload()));
            } else {
                answer(ctx, packet);
            }
        } catch (RuntimeException e) {
            log.warn("MySQL upstream login failed: {}", e.toString());
            fail("the database answered the login in a way Gatehouse cannot read");
        } finally {
            packet.release();
        }
    }

    private void greeting(ChannelHandlerContext ctx, Handshakes.ServerGreeting greeting) {
        int capabilities = Capabilities.UPSTREAM | (clientCapabilities & Capabilities.FROM_CLIENT);
        if ((greeting.capabilities() & Capabilities.SSL) == 0) {
            ctx.writeAndFlush(response(ctx, capabilities, greeting, 1));
            return;
        }
        tls = true;
        int withTls = capabilities | Capabilities.SSL;
        ctx.writeAndFlush(MyWire.packet(ctx.alloc(), 1, out -> out.writeIntLE(withTls).writeIntLE(MyPacket.MAX_PAYLOAD)
                .writeByte(Handshakes.UTF8MB4_GENERAL_CI).writeZero(23)));
        SslHandler ssl;
        try {
            ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()
                    .newHandler(ctx.alloc(), address.host(), address.port());
        } catch (javax.net.ssl.SSLException e) {
            fail("TLS to the database cannot be set up");
            return;
        }
        ctx.pipeline().addFirst("tls", ssl);
        ssl.handshakeFuture().addListener(future -> {
            if (future.isSuccess()) {
                ctx.writeAndFlush(response(ctx, withTls, greeting, 2));
            } else {
                fail("TLS to the database failed");
            }
        });
    }

    private ByteBuf response(ChannelHandlerContext ctx, int capabilities, Handshakes.ServerGreeting greeting, int sequence) {
        String plugin = Handshakes.CACHING_SHA2.equals(greeting.plugin()) ? Handshakes.CACHING_SHA2 : Handshakes.NATIVE_PASSWORD;
        byte[] proof = proof(plugin, greeting.scramble());
        return MyWire.packet(ctx.alloc(), sequence, out -> {
            out.writeIntLE(capabilities).writeIntLE(MyPacket.MAX_PAYLOAD).writeByte(Handshakes.UTF8MB4_GENERAL_CI).writeZero(23);
            out.writeCharSequence(credential.username(), StandardCharsets.UTF_8);
            out.writeByte(0);
            MyWire.writeLenencBytes(out, proof);
            out.writeCharSequence(address.database(), StandardCharsets.UTF_8);
            out.writeByte(0);
            out.writeCharSequence(plugin, StandardCharsets.US_ASCII);
            out.writeByte(0);
        });
    }

    private void answer(ChannelHandlerContext ctx, MyPacket packet) {
        ByteBuf in = packet.payload().duplicate();
        int header = in.readUnsignedByte();
        int next = packet.sequence() + 1;
        if (header == 0x00) {
            done = true;
            ctx.channel().config().setAutoRead(false);
            ctx.pipeline().remove(this);
            listener.ready(ctx.channel());
        } else if (header == 0xFF) {
            log.warn("the database refused the login of connection user (error {})", in.readUnsignedShortLE());
            fail("the database refused the login");
        } else if (header == 0xFE) {
            String plugin = MyWire.readNulString(in);
            byte[] scramble = new byte[Math.max(0, in.readableBytes() - 1)];
            in.readBytes(scramble);
            byte[] proof = proof(plugin, scramble);
            ctx.writeAndFlush(MyWire.packet(ctx.alloc(), next, out -> out.writeBytes(proof)));
        } else if (header == 0x01 && in.isReadable()) {
            moreData(ctx, in.readUnsignedByte(), next);
        } else {
            fail("the database answered the login in a way Gatehouse cannot read");
        }
    }

    /** caching_sha2_password: 3 = the cached proof was enough, 4 = full authentication. */
    private void moreData(ChannelHandlerContext ctx, int status, int next) {
        if (status == 3) {
            return; // an OK follows
        }
        if (status == 4 && tls) {
            ctx.writeAndFlush(MyWire.packet(ctx.alloc(), next, out -> {
                out.writeCharSequence(credential.secret(), StandardCharsets.UTF_8);
                out.writeByte(0);
            }));
            return;
        }
        fail("the database wants the password without TLS (caching_sha2_password full authentication); enable TLS on it");
    }

    private byte[] proof(String plugin, byte[] scramble) {
        return switch (plugin) {
            case Handshakes.NATIVE_PASSWORD -> Scrambles.nativePassword(credential.secret(), scramble);
            case Handshakes.CACHING_SHA2 -> Scrambles.cachingSha2(credential.secret(), scramble);
            default -> throw new IllegalArgumentException("authentication plugin not supported");
        };
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("the database closed the connection during the login");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("MySQL upstream login failed: {}", cause.toString());
        ctx.close();
        fail("the database connection failed during the login");
    }

    private void fail(String message) {
        if (!done) {
            done = true;
            if (channel != null) {
                channel.close();
            }
            listener.failed(message);
        }
    }
}
