package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.audit.ledger.LeafDocument;
import dev.gatehouse.audit.ledger.Ledger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads events as the ledger sees them: document, payload evidence, chain link, leaf position. */
@Component
class LedgerReader {

    private static final String LEDGER_COLUMNS = LeafDocument.COLUMNS
            + ", e.payload, e.payload_salt, e.payload_hash, e.prev_hash";

    private final JdbcTemplate jdbc;
    private final Ledger ledger;

    LedgerReader(JdbcTemplate jdbc, Ledger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** One stored event with its leaf (null members when it has none). */
    record Row(long leafIndex, UUID eventId, byte[] leafHash, ObjectNode event, String payload,
               byte[] payloadSalt, byte[] payloadHash, byte[] prevHash) {
    }

    Optional<Row> byEvent(UUID id) {
        List<Row> rows = jdbc.query("SELECT l.leaf_index, e.id AS event_id, l.leaf_hash, " + LEDGER_COLUMNS
                + " FROM events e LEFT JOIN merkle_leaves l ON l.leaf_index = e.leaf_index WHERE e.id = ?",
                LedgerReader::row, id);
        return rows.stream().findFirst();
    }

    /** Leaves {@code from} .. {@code from+limit-1} in index order, each with the event now stored there (or none). */
    List<Row> byLeaf(long from, int limit) {
        return jdbc.query("SELECT l.leaf_index, l.event_id, l.leaf_hash, " + LEDGER_COLUMNS
                + " FROM merkle_leaves l LEFT JOIN events e ON e.leaf_index = l.leaf_index"
                + " WHERE l.leaf_index >= ? ORDER BY l.leaf_index LIMIT ?", LedgerReader::row, from, limit);
    }

    List<String> inclusion(long index, long size) {
        return base64(ledger.tree().inclusionProof(index, size));
    }

    List<String> consistency(long from, long to) {
        return base64(ledger.tree().consistencyProof(from, to));
    }

    String root(long size) {
        return Base64.getEncoder().encodeToString(ledger.tree().root(size));
    }

    static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(LedgerReader::base64).toList();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        long index = rs.getObject("leaf_index") == null ? -1 : rs.getLong("leaf_index");
        ObjectNode event = rs.getObject("id") == null ? null : LeafDocument.fromRow(rs);
        return new Row(index, rs.getObject("event_id", UUID.class), rs.getBytes("leaf_hash"), event,
                rs.getString("payload"), rs.getBytes("payload_salt"), rs.getBytes("payload_hash"),
                rs.getBytes("prev_hash"));
    }
}
