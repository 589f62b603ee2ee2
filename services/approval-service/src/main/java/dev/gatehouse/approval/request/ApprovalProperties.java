package dev.gatehouse.approval.request;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * {@code gatehouse.approval.*}: the base URL put into every {@code Approval.url}; how long a one-time
 * approval stays usable after its decision; the longest expiry and re-use window a request may ask for.
 */
@Validated
@ConfigurationProperties("gatehouse.approval")
record ApprovalProperties(@NotNull @DefaultValue("http://localhost:8082") URI publicUrl,
                          @NotNull @DefaultValue("10m") Duration usableFor,
                          @NotNull @DefaultValue("7d") Duration maxExpiry,
                          @NotNull @DefaultValue("7d") Duration maxWindow) {

    String urlOf(java.util.UUID id) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/approvals/" + id;
    }
}
