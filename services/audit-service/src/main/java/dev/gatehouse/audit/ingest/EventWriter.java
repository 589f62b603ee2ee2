package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.ledger.Ledger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Stores one poll's worth of records in a single transaction: the ledger writes each new event once,
 * with its leaf (see {@link Ledger#write}); records already stored (redelivered) are skipped there, and
 * records that are no event go to {@code rejected_events}.
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
    private final Ledger ledger;

    EventWriter(JdbcTemplate jdbc, TransactionTemplate transaction, Ledger ledger) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.ledger = ledger;
    }

    /**
     * Stores the poll's events and appends the new ones to the ledger in one transaction, slice by slice as
     * they are staged, then its rejected records. Returns the Merkle log's size once the transaction has
     * committed (-1 if the poll held no event); throws (and stores nothing) if it could not.
     */
    long store(StagedPoll poll) {
        // Other replicas wait for the lock: it is taken once there is a slice to write, not while parsing.
        poll.awaitFirst();
        Long size = transaction.execute(status -> {
            // Lock first: every writer takes the same lock before touching rows, so no deadlock.
            ledger.lockForAppend();
            long tree = ledger.write(poll.events());
            List<IncomingRecord.Rejected> rejected = poll.rejected();
            if (!rejected.isEmpty()) {
                jdbc.batchUpdate(INSERT_REJECTED, rejected, BATCH_SIZE, EventWriter::bindRejected);
            }
            return poll.hasEvents() ? tree : -1L;
        });
        return size == null ? -1 : size;
    }

    private static void bindRejected(PreparedStatement ps, IncomingRecord.Rejected record) throws SQLException {
        ps.setString(1, record.topic());
        ps.setInt(2, record.partition());
        ps.setLong(3, record.offset());
        ps.setString(4, record.reason());
        ps.setString(5, record.raw());
    }
}
