package dev.gatehouse.policy;

import dev.gatehouse.support.InternalApiSecurity;
import dev.gatehouse.support.ProblemDetailsAdvice;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Connections, rules and the decision endpoint the edge-proxy asks for every request. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({InternalApiSecurity.class, ProblemDetailsAdvice.class})
public class PolicyServiceApplication {

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PolicyServiceApplication.class)
                .properties("spring.config.name=policy-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
