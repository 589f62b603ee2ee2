package dev.gatehouse.proxy;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeProxyServerIT extends ProxyIntegrationTest {

    @Autowired
    ReactiveWebServerApplicationContext context;

    @Test
    void runsOnReactorNettyEvenWithTomcatOnTheClasspath() {
        assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", getClass().getClassLoader())).isTrue();

        assertThat(context.getWebServer()).isInstanceOf(NettyWebServer.class);
    }

    @Test
    void exposesPrometheusMetricsWithoutToken() {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(200);
    }
}
