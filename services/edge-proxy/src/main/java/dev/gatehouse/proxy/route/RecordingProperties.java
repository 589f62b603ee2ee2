package dev.gatehouse.proxy.route;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param payloadBytes how much of each response body (after masking, masked again for the audit
 *                     trail) the RESPONSE event records; the rest is counted, not kept
 */
@ConfigurationProperties("gatehouse.proxy.recording")
record RecordingProperties(DataSize payloadBytes) {

    RecordingProperties {
        payloadBytes = payloadBytes == null ? DataSize.ofKilobytes(16) : payloadBytes;
    }
}
