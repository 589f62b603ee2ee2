package dev.gatehouse.audit.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Deletes masked payloads past their connection's retention: sets {@code payload = NULL} and
 * {@code payload_deleted_at}, and touches nothing else. Rows stay, because the Merkle log commits to
 * every event and to a salted payload hash, so inclusion proofs keep verifying after the payload is gone.
 */
@Component
public class PayloadRetention {

    private static final Logger log = LoggerFactory.getLogger(PayloadRetention.class);

    // The inner SELECT bounds each statement to one batch; the partial index finds live payloads.
    private static final String PURGE_ONE = """
            UPDATE events SET payload = NULL, payload_deleted_at = :now
            WHERE id IN (SELECT id FROM events WHERE connection = :connection AND occurred_at < :cutoff
                         AND payload IS NOT NULL LIMIT :batch)""";
    private static final String PURGE_ALL = """
            UPDATE events SET payload = NULL, payload_deleted_at = :now
            WHERE id IN (SELECT id FROM events WHERE occurred_at < :cutoff AND payload IS NOT NULL LIMIT :batch)""";
    private static final String PURGE_OTHERS = """
            UPDATE events SET payload = NULL, payload_deleted_at = :now
            WHERE id IN (SELECT id FROM events WHERE (connection IS NULL OR connection NOT IN (:configured))
                         AND occurred_at < :cutoff AND payload IS NOT NULL LIMIT :batch)""";

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    PayloadRetention(JdbcClient jdbc, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    @Scheduled(initialDelayString = "${gatehouse.audit.retention.interval:1h}",
            fixedDelayString = "${gatehouse.audit.retention.interval:1h}")
    void scheduled() {
        if (properties.enabled()) {
            purge(clock.instant());
        }
    }

    /** Deletes every payload older than its retention at {@code now}; returns how many were deleted. */
    public long purge(Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        long deleted = 0;
        for (Map.Entry<String, Integer> entry : properties.connections().entrySet()) {
            deleted += batches(PURGE_ONE, Map.of("connection", entry.getKey(), "now", at,
                    "cutoff", cutoff(now, entry.getValue())));
        }
        // NOT IN with an empty list is not valid SQL: without overrides every connection uses the default.
        List<String> configured = List.copyOf(properties.connections().keySet());
        OffsetDateTime defaultCutoff = cutoff(now, properties.defaultDays());
        deleted += configured.isEmpty()
                ? batches(PURGE_ALL, Map.of("now", at, "cutoff", defaultCutoff))
                : batches(PURGE_OTHERS, Map.of("configured", configured, "now", at, "cutoff", defaultCutoff));
        if (deleted > 0) {
            log.info("retention deleted {} expired payloads", deleted);
        }
        return deleted;
    }

    private long batches(String sql, Map<String, Object> params) {
        long total = 0;
        int updated;
        do {
            updated = jdbc.sql(sql).params(params).param("batch", properties.batchSize()).update();
            total += updated;
        } while (updated == properties.batchSize());
        return total;
    }

    private static OffsetDateTime cutoff(Instant now, int days) {
        return now.minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC);
    }
}
