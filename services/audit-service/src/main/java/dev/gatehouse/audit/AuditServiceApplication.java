package dev.gatehouse.audit;

import dev.gatehouse.support.InternalApiSecurity;
import dev.gatehouse.support.ProblemDetailsAdvice;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * Consumes the audit trail from Kafka into PostgreSQL and serves the search API. Configured by
 * {@code audit-service.yml} so it boots the same alone and beside the other services in one JVM.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({InternalApiSecurity.class, ProblemDetailsAdvice.class})
public class AuditServiceApplication {

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(AuditServiceApplication.class)
                .properties("spring.config.name=audit-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
