package dev.gatehouse.audit.checkpoint;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param origin      the checkpoint origin line, also the signing key's name
 * @param signingKey  Ed25519 private key, PKCS#8 DER in base64 (PEM accepted), or {@code file:<path>} to
 *                    such a file; absent: an ephemeral key is generated (dev only, logged as a warning)
 * @param everyEvents sign a checkpoint once this many events were appended since the last one
 * @param every       and at least this often while new events arrive
 */
@Validated
@ConfigurationProperties("gatehouse.audit.checkpoint")
record CheckpointProperties(@DefaultValue("gatehouse.dev/audit") @NotBlank String origin,
                            String signingKey,
                            @DefaultValue("1000") @Min(1) long everyEvents,
                            @DefaultValue("10s") @NotNull Duration every) {

    @Override
    public String toString() {
        return "CheckpointProperties[origin=" + origin + ", signingKey=" + (signingKey == null ? "absent" : "***")
                + ", everyEvents=" + everyEvents + ", every=" + every + "]";
    }
}
