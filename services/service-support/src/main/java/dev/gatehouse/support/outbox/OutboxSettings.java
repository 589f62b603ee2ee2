package dev.gatehouse.support.outbox;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One service's outbox: its table (columns {@code id bigserial, topic, record_key, value, created_at,
 * sent_at}, created by the service's own Flyway migration), how long a send waits for Kafka's
 * acknowledgement (also how old an unsent record must be before a retry round takes it over, so a
 * send still in flight is not duplicated), how long sent records are kept, and how many records one
 * retry round takes.
 */
public record OutboxSettings(String table, Duration ackTimeout, Duration keepSent, int batch) {

    // The table name is spliced into SQL; it comes from code, and this keeps it a plain identifier.
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public OutboxSettings {
        Objects.requireNonNull(table, "table");
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("outbox table must be a plain lower-case identifier: " + table);
        }
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("outbox ack timeout must be positive");
        }
        if (keepSent == null || keepSent.isNegative()) {
            throw new IllegalArgumentException("outbox keep-sent must not be negative");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("outbox batch must be at least 1");
        }
    }
}
