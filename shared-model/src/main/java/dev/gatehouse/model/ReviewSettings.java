package dev.gatehouse.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@code REVIEW} verdict is approved: which group may approve, how many distinct approvals
 * are needed, and how long the request may wait.
 */
public record ReviewSettings(String reviewers, int approvals, Duration expiry) {

    public static final ReviewSettings DEFAULT = new ReviewSettings("gatehouse-reviewer", 1, Duration.ofMinutes(10));

    public ReviewSettings {
        Objects.requireNonNull(reviewers, "reviewers");
        Objects.requireNonNull(expiry, "expiry");
        if (approvals < 1) {
            throw new IllegalArgumentException("approvals must be at least 1");
        }
    }
}
