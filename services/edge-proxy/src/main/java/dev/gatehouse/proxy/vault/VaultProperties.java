package dev.gatehouse.proxy.vault;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * @param url           credential-vault base URL
 * @param timeout       upper bound for one lease request, token fetch included
 * @param refreshBefore a cached lease is renewed this long before it expires
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.vault")
record VaultProperties(@NotNull URI url, Duration timeout, Duration refreshBefore) {

    VaultProperties {
        url = url == null ? URI.create("http://localhost:8084") : url;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        refreshBefore = refreshBefore == null ? Duration.ofSeconds(30) : refreshBefore;
    }
}
