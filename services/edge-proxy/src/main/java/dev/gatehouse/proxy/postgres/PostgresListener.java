package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.FrameDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

import java.net.InetSocketAddress;

/**
 * The PostgreSQL listener (docs/architecture.md §6) on Reactor Netty's own event loops, the ones the HTTP side
 * runs on: a session and its upstream connection share one loop, so nothing in a session is locked
 * and no thread waits.
 */
@Component
@ConditionalOnProperty(prefix = "gatehouse.proxy.postgres", name = "enabled", havingValue = "true")
public class PostgresListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);

    private final ListenerServices services;
    private volatile Channel server;

    PostgresListener(ListenerServices services) {
        this.services = services;
    }

    @Override
    public void start() {
        PostgresProperties properties = services.properties;
        // A bad certificate, or none at all, fails the start rather than every connection.
        if (services.serverTls() == null && !properties.allowPlaintextLoopback()) {
            throw new IllegalStateException("gatehouse.proxy.postgres.tls: set certificate and private-key (PEM files), "
                    + "or self-signed for local use, or disable the listener (gatehouse.proxy.postgres.enabled=false)");
        }
        LoopResources loops = HttpResources.get();
        EventLoopGroup group = loops.onServer(true);
        Class<? extends ServerSocketChannel> channelClass = loops.onChannelClass(ServerSocketChannel.class, group);
        server = new ServerBootstrap()
                .group(loops.onServerSelect(true), group)
                .channel(channelClass)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        FrameDecoder decoder = new FrameDecoder(properties.maxMessageBytes(), true);
                        channel.pipeline().addLast("frames", decoder)
                                .addLast("session", new ClientSession(services, decoder));
                    }
                })
                .bind(new InetSocketAddress(properties.bindAddress(), properties.port()))
                .syncUninterruptibly()
                .channel();
        log.info("PostgreSQL listener on port {}", port());
    }

    /** The bound port (the configured one, or the one picked when it is 0). */
    public int port() {
        Channel bound = server;
        return bound == null ? -1 : ((InetSocketAddress) bound.localAddress()).getPort();
    }

    @Override
    public void stop() {
        Channel bound = server;
        if (bound != null) {
            bound.close().syncUninterruptibly();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
