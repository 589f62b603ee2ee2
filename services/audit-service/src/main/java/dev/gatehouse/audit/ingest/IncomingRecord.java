package dev.gatehouse.audit.ingest;

import dev.gatehouse.model.AuditEvent;

/** One Kafka record after parsing: either an event to store or the reason it was set aside. */
sealed interface IncomingRecord {

    record Accepted(AuditEvent event) implements IncomingRecord {
    }

    /** {@code summary} is fixed text safe for logs; {@code reason} and {@code raw} may quote the record. */
    record Rejected(String topic, int partition, long offset, String summary, String reason, String raw)
            implements IncomingRecord {
    }
}
