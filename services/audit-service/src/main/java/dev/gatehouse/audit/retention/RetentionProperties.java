package dev.gatehouse.audit.retention;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;

/**
 * How long masked payloads are kept. {@code connections.<name>} overrides {@code default-days} for one
 * connection. Rows are kept forever; only their payload expires.
 *
 * @param enabled     whether the scheduled job runs
 * @param defaultDays days a payload is kept when its connection has no entry
 * @param connections days per connection name
 * @param interval    time between runs
 * @param batchSize   rows updated per statement, so one run never holds long row locks
 */
@Validated
@ConfigurationProperties("gatehouse.audit.retention")
record RetentionProperties(@DefaultValue("true") boolean enabled,
                           @DefaultValue("365") @Min(1) int defaultDays,
                           Map<String, @Min(1) Integer> connections,
                           @DefaultValue("1h") Duration interval,
                           @DefaultValue("5000") @Min(1) int batchSize) {

    RetentionProperties {
        connections = connections == null ? Map.of() : Map.copyOf(connections);
    }
}
