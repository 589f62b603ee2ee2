package dev.gatehouse.vault;

import dev.gatehouse.support.InternalApiSecurity;
import dev.gatehouse.support.ProblemDetailsAdvice;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * Holds target credentials encrypted at rest and leases them to the edge-proxy, and to nothing else.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({InternalApiSecurity.class, ProblemDetailsAdvice.class})
public class CredentialVaultApplication {

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CredentialVaultApplication.class)
                .properties("spring.config.name=credential-vault");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
