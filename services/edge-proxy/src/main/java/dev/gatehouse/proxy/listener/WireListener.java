package dev.gatehouse.proxy.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

import java.net.InetSocketAddress;

/**
 * A database wire-protocol listener (PostgreSQL, MySQL) on Reactor Netty's own event loops, the ones the
 * HTTP side runs on: a session and its upstream connection share one loop, so nothing in a session is
 * locked and no thread waits. Subclasses name the protocol, say why they cannot start, and set up each
 * client connection's pipeline; binding, the port and the lifecycle are the same for all.
 */
public abstract class WireListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WireListener.class);

    private final String protocol;
    private volatile Channel server;

    protected WireListener(String protocol) {
        this.protocol = protocol;
    }

    /** Why the listener cannot start as configured (a bad certificate, or none); null when it can. */
    protected abstract String misconfiguration();

    protected abstract InetSocketAddress bindAddress();

    /** Adds the protocol's decoder and session handler to a new client connection. */
    protected abstract void initClient(Channel channel);

    @Override
    public void start() {
        // A bad certificate, or none at all, fails the start rather than every connection.
        String problem = misconfiguration();
        if (problem != null) {
            throw new IllegalStateException(problem);
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
                        initClient(channel);
                    }
                })
                .bind(bindAddress())
                .syncUninterruptibly()
                .channel();
        log.info("{} listener on port {}", protocol, port());
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
