package dev.gatehouse.proxy.route;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Puts a {@link RequestFramingGuard} into every HTTP/1.1 connection of the proxy's server, between
 * Netty's codec and Reactor Netty's request handling. Reactor Netty runs this configurer after its own
 * pipeline set-up, so the codec is there to attach to.
 */
@Configuration(proxyBeanMethods = false)
class RequestFramingConfiguration {

    @Bean
    NettyServerCustomizer requestFramingGuard() {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, RequestFramingGuard.NAME, new RequestFramingGuard());
            }
        });
    }
}
