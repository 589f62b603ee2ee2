package dev.gatehouse.approval.notify;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * {@code gatehouse.approval.notifications.*}: the channels a policy may name in {@code review.notify},
 * each a webhook {@code url} (a secret: it is never logged) and a {@code format}; how long one delivery
 * may take, how often it is retried, and how many deliveries may be in flight at once.
 */
@Validated
@ConfigurationProperties("gatehouse.approval.notifications")
record NotificationProperties(@NotNull @DefaultValue Map<String, @Valid Channel> channels,
                              @NotNull @DefaultValue("5s") Duration timeout,
                              @Min(0) @Max(10) @DefaultValue("2") int retries,
                              @NotNull @DefaultValue("1s") Duration retryDelay,
                              @Min(1) @DefaultValue("100") int maxInFlight) {

    record Channel(@NotNull URI url, @NotNull @DefaultValue("json") Format format) {
    }

    enum Format {
        /** Slack incoming webhook: {@code {"text": ...}} */
        SLACK,
        /** A JSON object describing the request, for any other receiver. */
        JSON
    }
}
