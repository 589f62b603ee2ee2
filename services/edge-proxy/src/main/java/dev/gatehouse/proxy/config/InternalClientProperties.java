package dev.gatehouse.proxy.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the proxy calls the internal services (policy, vault) and the IdP's token endpoint.
 *
 * @param registrationId  the {@code spring.security.oauth2.client.registration.<id>} used for client credentials
 * @param connectTimeout  TCP connect timeout
 * @param responseTimeout time to the response headers
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.internal-client")
record InternalClientProperties(@NotBlank String registrationId, Duration connectTimeout, Duration responseTimeout) {

    InternalClientProperties {
        registrationId = registrationId == null ? "gatehouse" : registrationId;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(2) : responseTimeout;
    }
}
