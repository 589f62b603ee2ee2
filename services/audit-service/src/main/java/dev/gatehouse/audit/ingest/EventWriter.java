package dev.gatehouse.audit.ingest;

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
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Stores one poll's worth of records in a single transaction. */
@Component
class EventWriter {

    private static final String INSERT_EVENT = """
            INSERT INTO events (id, session_id, seq, occurred_at, kind, issuer, subject, claims, connection,
                                protocol, operation, verdict, rule_id, approval_id, masking, payload, status,
                                duration_ms, policy_version, lease_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING""";

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
            // Lock first: every writer takes the same lock before touching rows, so no deadlock.
            ledger.lockForAppend();
            jdbc.batchUpdate(INSERT_EVENT, events, BATCH_SIZE, this::bindEvent);
            if (!rejected.isEmpty()) {
                jdbc.batchUpdate(INSERT_REJECTED, rejected, BATCH_SIZE, EventWriter::bindRejected);
            }
            List<UUID> ids = events.stream().map(AuditEvent::id).toList();
            return ledger.append(ids);
        });
        return size == null ? -1 : size;
    }

    private void bindEvent(PreparedStatement ps, AuditEvent event) throws SQLException {
        CallerIdentity identity = event.identity();
        Operation operation = event.operation();
        ps.setObject(1, event.id());
        ps.setString(2, event.sessionId());
        ps.setLong(3, event.seq());
        ps.setObject(4, event.occurredAt().atOffset(ZoneOffset.UTC));
        ps.setString(5, event.kind().name());
        ps.setString(6, identity == null ? null : identity.issuer());
        ps.setString(7, identity == null ? null : identity.subject());
        ps.setString(8, identity == null ? null : json.writeValueAsString(identity.claims()));
        ps.setString(9, event.connection() != null ? event.connection()
                : operation == null ? null : operation.connection());
        ps.setString(10, event.protocol() != null ? event.protocol().name()
                : operation == null ? null : operation.protocol().name());
        ps.setString(11, operation == null ? null : json.writeValueAsString(operation));
        ps.setString(12, event.verdict() == null ? null : event.verdict().name());
        ps.setString(13, event.ruleId());
        ps.setString(14, event.approvalId());
        ps.setString(15, json.writeValueAsString(event.masking()));
        ps.setString(16, event.payload());
        ps.setObject(17, event.status(), Types.INTEGER);
        ps.setObject(18, event.durationMs(), Types.BIGINT);
        ps.setObject(19, event.policyVersion(), Types.BIGINT);
        ps.setString(20, event.leaseId());
    }

    private static void bindRejected(PreparedStatement ps, IncomingRecord.Rejected record) throws SQLException {
        ps.setString(1, record.topic());
        ps.setInt(2, record.partition());
        ps.setLong(3, record.offset());
        ps.setString(4, record.reason());
        ps.setString(5, record.raw());
    }
}
