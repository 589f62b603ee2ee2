package dev.gatehouse.proxy;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The data path: authenticates callers, asks policy, audits to Kafka, injects a vault credential and
 * forwards to the registered upstream. Reactive (Spring Cloud Gateway on Reactor Netty).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EdgeProxyApplication {

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(EdgeProxyApplication.class).properties("spring.config.name=edge-proxy");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
