package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.ledger.EventColumns;
import dev.gatehouse.audit.ledger.Ledger;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Operation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Stores one poll's worth of records in a single transaction: the ledger writes each new event once,
 * with its leaf (see {@link Ledger#write}); records already stored (redelivered) are skipped there.
 */
@Component
class EventWriter {

    private static final String INSERT_REJECTED = """
            INSERT INTO rejected_events (topic, kafka_partition, kafka_offset, reason, raw)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private static final int BATCH_SIZE = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final Ledger ledger;

    EventWriter(JdbcTemplate jdbc, TransactionTemplate transaction, JsonMapper json, Ledger ledger) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.ledger = ledger;
    }

    /**
     * Stores the batch and appends its new events to the ledger in one transaction. Returns the
     * Merkle log's size once the transaction has committed; throws (and stores nothing) if it could not.
     */
    long store(List<AuditEvent> events, List<IncomingRecord.Rejected> rejected) {
        Long size = transaction.execute(status -> {
            if (events.isEmpty()) {
                if (!rejected.isEmpty()) {
                    jdbc.batchUpdate(INSERT_REJECTED, rejected, BATCH_SIZE, EventWriter::bindRejected);
                }
                return -1L;
            }
            // Mapped before the lock is taken, so the lock is held for the database work only.
            List<EventColumns> rows = events.stream().map(this::columns).toList();
            // Lock first: every writer takes the same lock before touching rows, so no deadlock.
            ledger.lockForAppend();
            if (!rejected.isEmpty()) {
                jdbc.batchUpdate(INSERT_REJECTED, rejected, BATCH_SIZE, EventWriter::bindRejected);
            }
            return ledger.write(rows);
        });
        return size == null ? -1 : size;
    }

    private EventColumns columns(AuditEvent event) {
        CallerIdentity identity = event.identity();
        Operation operation = event.operation();
        return new EventColumns(event.id(), event.sessionId(), event.seq(), event.occurredAt(), event.kind().name(),
                identity == null ? null : identity.issuer(),
                identity == null ? null : identity.subject(),
                identity == null ? null : json.writeValueAsString(identity.claims()),
                event.connection() != null ? event.connection() : operation == null ? null : operation.connection(),
                event.protocol() != null ? event.protocol().name()
                        : operation == null ? null : operation.protocol().name(),
                operation == null ? null : json.writeValueAsString(operation),
                event.verdict() == null ? null : event.verdict().name(),
                event.ruleId(), event.approvalId(), json.writeValueAsString(event.masking()), event.payload(),
                event.status(), event.durationMs(), event.policyVersion(), event.leaseId());
    }

    private static void bindRejected(PreparedStatement ps, IncomingRecord.Rejected record) throws SQLException {
        ps.setString(1, record.topic());
        ps.setInt(2, record.partition());
        ps.setLong(3, record.offset());
        ps.setString(4, record.reason());
        ps.setString(5, record.raw());
    }
}
