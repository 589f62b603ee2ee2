package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.detect.DetectorCatalog;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.MaskingDirectives.MaskingStyle;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * @param maxBodyBytes   bodies larger than this are not scanned: refused (502) or, where the policy says
 *                       {@code oversize: PASS}, passed unmasked and flagged in the audit event
 * @param tenantKey      the HMAC key of the HASH style (a secret: never logged, not in {@link #toString()}).
 *                       At least 32 characters; when absent a random key is generated at start-up, so
 *                       tokens then only correlate within one proxy process
 * @param auditStyle     how audit payloads are masked; HASH (default) keeps them correlatable
 * @param auditDetectors what audit payloads are masked with; default {@code all} (add {@code phone} to opt in)
 * @param planCacheSize  how many compiled plans (distinct directives) are kept
 * @param defaults       the directives used where no policy decision supplies any (configuration-driven
 *                       masking); default {@link MaskingDirectives#DEFAULT}: the {@code secrets} group, REDACT
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.masking")
public record MaskingProperties(DataSize maxBodyBytes, String tenantKey, MaskingStyle auditStyle,
                                List<String> auditDetectors, Integer planCacheSize, MaskingDirectives defaults) {

    public static final int MIN_TENANT_KEY_LENGTH = 32;

    public MaskingProperties {
        maxBodyBytes = maxBodyBytes == null ? DataSize.ofMegabytes(16) : maxBodyBytes;
        if (maxBodyBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("gatehouse.proxy.masking.max-body-bytes must be positive");
        }
        tenantKey = tenantKey == null || tenantKey.isBlank() ? null : tenantKey;
        if (tenantKey != null && tenantKey.length() < MIN_TENANT_KEY_LENGTH) {
            // Say how long it is, never what it is.
            throw new IllegalArgumentException("gatehouse.proxy.masking.tenant-key must be at least "
                    + MIN_TENANT_KEY_LENGTH + " characters (it keys the HMAC of masked values), got " + tenantKey.length());
        }
        auditStyle = auditStyle == null ? MaskingStyle.HASH : auditStyle;
        auditDetectors = auditDetectors == null || auditDetectors.isEmpty() ? List.of(DetectorCatalog.ALL)
                : List.copyOf(auditDetectors);
        DetectorCatalog.validate(auditDetectors);
        planCacheSize = planCacheSize == null ? 256 : planCacheSize;
        defaults = defaults == null ? MaskingDirectives.DEFAULT : defaults;
        DetectorCatalog.validate(defaults.detectors());
    }

    @Override
    public String toString() {
        return "MaskingProperties[maxBodyBytes=" + maxBodyBytes + ", tenantKey=" + (tenantKey == null ? "(generated)" : "***")
                + ", auditStyle=" + auditStyle + ", auditDetectors=" + auditDetectors + ", planCacheSize=" + planCacheSize
                + ", defaults=" + defaults + "]";
    }
}
