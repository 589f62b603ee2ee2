package dev.gatehouse.approval;

import dev.gatehouse.support.InternalApiSecurity;
import dev.gatehouse.support.ProblemDetailsAdvice;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Holds risky commands until a reviewer approves or rejects them. */
@SpringBootApplication
@ConfigurationPropertiesScan
// expiry sweep, long-poll re-checks and the outbox retry
@EnableScheduling
@Import({InternalApiSecurity.class, ProblemDetailsAdvice.class})
public class ApprovalServiceApplication {

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ApprovalServiceApplication.class)
                .properties("spring.config.name=approval-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
