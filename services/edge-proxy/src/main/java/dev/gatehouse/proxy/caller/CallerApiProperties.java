package dev.gatehouse.proxy.caller;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The caller-facing API the {@code gatehouse} CLI uses (receipts, connections, explain).
 *
 * @param auditUrl  audit-service base URL (receipts are read there with the proxy's service token)
 * @param timeout   upper bound for one internal call
 * @param endpoints per connection type ({@code postgres}, {@code mysql}, {@code ssh}, {@code kubernetes}) the
 *                  port callers reach that listener on, when it differs from the listener's own port (a
 *                  load balancer in front); by default the listener's configured port
 */
@ConfigurationProperties("gatehouse.proxy.caller-api")
record CallerApiProperties(URI auditUrl, Duration timeout, Map<String, Integer> endpoints) {

    CallerApiProperties {
        auditUrl = auditUrl == null ? URI.create("http://localhost:8083") : auditUrl;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }
}
