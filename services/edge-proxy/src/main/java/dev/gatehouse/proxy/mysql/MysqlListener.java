package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.mysql.wire.PacketDecoder;
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
 * The MySQL / MariaDB listener (docs/architecture.md §6b) on Reactor Netty's event loops, like the
 * PostgreSQL one: a session and its upstream connection share one loop, so nothing in a session is
 * locked and no thread waits.
 */
@Component
@ConditionalOnProperty(prefix = "gatehouse.proxy.mysql", name = "enabled", havingValue = "true")
public class MysqlListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MysqlListener.class);

    private final MysqlServices services;
    private volatile Channel server;

    MysqlListener(MysqlServices services) {
        this.services = services;
    }

    @Override
    public void start() {
        MysqlProperties properties = services.properties;
        if (services.serverTls() == null && !properties.allowPlaintextLoopback()) {
            throw new IllegalStateException("gatehouse.proxy.mysql.tls: set certificate and private-key (PEM files), "
                    + "or self-signed for local use, or disable the listener (gatehouse.proxy.mysql.enabled=false)");
        }
        LoopResources loops = HttpResources.get();
        EventLoopGroup group = loops.onServer(true);
        Class<? extends ServerSocketChannel> channelClass = loops.onChannelClass(ServerSocketChannel.class, group);
        server = new ServerBootstrap()
                .group(loops.onServerSelect(true), group)
                .channel(channelClass)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        PacketDecoder decoder = new PacketDecoder(properties.maxPacketBytes(), true);
                        channel.pipeline().addLast("packets", decoder)
                                .addLast("session", new MySession(services, decoder));
                    }
                })
                .bind(new InetSocketAddress(properties.bindAddress(), properties.port()))
                .syncUninterruptibly()
                .channel();
        log.info("MySQL listener on port {}", port());
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
