package dev.gatehouse.vault.audit;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** @param ackTimeout how long an issuance or secret change waits for Kafka's acknowledgement before it is refused */
@ConfigurationProperties("gatehouse.vault.audit")
@Validated
record AuditProperties(@DefaultValue("5s") @NotNull Duration ackTimeout) {
}
