package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.listener.WireListener;
import dev.gatehouse.proxy.postgres.wire.FrameDecoder;
import io.netty.channel.Channel;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.net.InetSocketAddress;

/** The PostgreSQL listener (docs/architecture.md §6): one {@link ClientSession} per client connection. */
@Component
@ConditionalOnProperty(prefix = "gatehouse.proxy.postgres", name = "enabled", havingValue = "true")
public class PostgresListener extends WireListener {

    private final ListenerServices services;

    PostgresListener(ListenerServices services) {
        super("PostgreSQL");
        this.services = services;
    }

    @Override
    protected String misconfiguration() {
        return services.serverTls() == null && !services.properties.allowPlaintextLoopback()
                ? "gatehouse.proxy.postgres.tls: set certificate and private-key (PEM files), or self-signed for local "
                + "use, or disable the listener (gatehouse.proxy.postgres.enabled=false)" : null;
    }

    @Override
    protected InetSocketAddress bindAddress() {
        return new InetSocketAddress(services.properties.bindAddress(), services.properties.port());
    }

    @Override
    protected void initClient(Channel channel) {
        FrameDecoder decoder = new FrameDecoder(services.properties.maxMessageBytes(), true);
        channel.pipeline().addLast("frames", decoder).addLast("session", new ClientSession(services, decoder));
    }
}
