package dev.gatehouse.proxy.approval;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * @param url             approval-service base URL
 * @param timeout         upper bound for one call to approval-service (token fetch included); a long poll
 *                        gets its wait on top
 * @param maxWait         how long an HTTP request is held for a decision (never beyond the approval's
 *                        expiry); then the caller gets 202 and comes back with {@code Gatehouse-Approval}
 * @param publicUrl       this proxy's own base URL as callers reach it, for {@code Location}
 * @param maxBody         request body bytes kept while a reviewed request waits (larger: 413)
 * @param recheckInterval how often every held approval is re-read over REST, should a Kafka decision be missed
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.approval")
public record ApprovalProperties(@NotNull URI url, Duration timeout, Duration maxWait, URI publicUrl, DataSize maxBody,
                                 Duration recheckInterval) {

    public ApprovalProperties {
        url = url == null ? URI.create("http://localhost:8082") : url;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        maxWait = maxWait == null ? Duration.ofMinutes(5) : maxWait;
        publicUrl = publicUrl == null ? URI.create("http://localhost:8080") : publicUrl;
        maxBody = maxBody == null ? DataSize.ofMegabytes(1) : maxBody;
        recheckInterval = recheckInterval == null ? Duration.ofSeconds(5) : recheckInterval;
        if (maxBody.toBytes() < 0 || maxBody.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("gatehouse.proxy.approval.max-body must be between 0 and 2 GiB");
        }
        if (maxWait.isNegative() || recheckInterval.isNegative() || recheckInterval.isZero()) {
            throw new IllegalArgumentException("gatehouse.proxy.approval.max-wait and recheck-interval must be positive");
        }
    }

    public int maxBodyAsInt() {
        return (int) maxBody.toBytes();
    }

    /** Where a caller looks its approval up on this proxy: {@code public-url/approvals/{id}}. */
    public URI location(java.util.UUID approvalId) {
        String base = publicUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/approvals/" + approvalId);
    }
}
