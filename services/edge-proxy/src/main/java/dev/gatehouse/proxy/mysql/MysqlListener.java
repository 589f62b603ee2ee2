package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.listener.WireListener;
import dev.gatehouse.proxy.mysql.wire.PacketDecoder;
import io.netty.channel.Channel;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.net.InetSocketAddress;

/** The MySQL / MariaDB listener (docs/architecture.md §6b): one {@link MySession} per client connection. */
@Component
@ConditionalOnProperty(prefix = "gatehouse.proxy.mysql", name = "enabled", havingValue = "true")
public class MysqlListener extends WireListener {

    private final MysqlServices services;

    MysqlListener(MysqlServices services) {
        super("MySQL");
        this.services = services;
    }

    @Override
    protected String misconfiguration() {
        return services.serverTls() == null && !services.properties.allowPlaintextLoopback()
                ? "gatehouse.proxy.mysql.tls: set certificate and private-key (PEM files), or self-signed for local use, "
                + "or disable the listener (gatehouse.proxy.mysql.enabled=false)" : null;
    }

    @Override
    protected InetSocketAddress bindAddress() {
        return new InetSocketAddress(services.properties.bindAddress(), services.properties.port());
    }

    @Override
    protected void initClient(Channel channel) {
        PacketDecoder decoder = new PacketDecoder(services.properties.maxPacketBytes(), true);
        channel.pipeline().addLast("packets", decoder).addLast("session", new MySession(services, decoder));
    }
}
