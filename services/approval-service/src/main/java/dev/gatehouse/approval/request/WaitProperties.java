package dev.gatehouse.approval.request;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code gatehouse.approval.wait.*}: the longest {@code /wait} timeout a caller may ask for, and how
 * often waiters are re-checked against the database (decisions made by another replica, expiries).
 */
@Validated
@ConfigurationProperties("gatehouse.approval.wait")
record WaitProperties(@NotNull @DefaultValue("5m") Duration maxTimeout,
                      @NotNull @DefaultValue("1s") Duration recheckInterval) {
}
