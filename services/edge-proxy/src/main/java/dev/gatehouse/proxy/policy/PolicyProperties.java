package dev.gatehouse.proxy.policy;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * @param url     policy-service base URL
 * @param timeout upper bound for one decision, token fetch included
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.policy")
record PolicyProperties(@NotNull URI url, Duration timeout) {

    PolicyProperties {
        url = url == null ? URI.create("http://localhost:8081") : url;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
    }
}
