package dev.gatehouse.proxy.git;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxPushBytes the largest git push body the proxy reads to find its ref updates (the whole
 *                     body is held in memory while the push is decided); larger pushes get 413
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.git")
record GitProperties(@NotNull DataSize maxPushBytes) {

    GitProperties {
        maxPushBytes = maxPushBytes == null ? DataSize.ofMegabytes(64) : maxPushBytes;
        if (maxPushBytes.toBytes() <= 0 || maxPushBytes.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("gatehouse.proxy.git.max-push-bytes must be between 1 byte and 2 GiB");
        }
    }

    int maxPushBytesAsInt() {
        return (int) maxPushBytes.toBytes();
    }
}
