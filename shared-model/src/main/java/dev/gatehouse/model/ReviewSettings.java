package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@code REVIEW} verdict is approved: which group may approve, how many distinct approvals
 * are needed, and how long the request may wait. {@code window} is how long an approval may be re-used
 * for the same command ({@link Duration#ZERO}: once, the default); {@code channels} ({@code notify} in
 * JSON and policy documents) names the notification
 * channels told of each new request (channels and their webhook URLs are approval-service configuration,
 * because a webhook URL is a secret and a policy document is not).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReviewSettings(String reviewers, int approvals, Duration expiry, Duration window,
                             @JsonProperty("notify") List<String> channels) {

    public static final ReviewSettings DEFAULT = new ReviewSettings("gatehouse-reviewer", 1, Duration.ofMinutes(10));

    public ReviewSettings {
        Objects.requireNonNull(reviewers, "reviewers");
        Objects.requireNonNull(expiry, "expiry");
        if (approvals < 1) {
            throw new IllegalArgumentException("approvals must be at least 1");
        }
        window = window == null ? Duration.ZERO : window;
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    public ReviewSettings(String reviewers, int approvals, Duration expiry) {
        this(reviewers, approvals, expiry, Duration.ZERO, List.of());
    }

    /** True when one approval may run its command only once. */
    public boolean oneTime() {
        return window.isZero();
    }
}
