package dev.gatehouse.audit.export;

import dev.gatehouse.audit.search.EventRepository;
import dev.gatehouse.audit.search.EventView;
import dev.gatehouse.audit.ledger.Ledger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Streams events as JSON Lines with bounded memory: the PostgreSQL driver only uses a server-side
 * cursor (fetching {@link #FETCH_SIZE} rows at a time) inside a transaction with a fetch size set,
 * so the query runs in a read-only transaction on its own JdbcTemplate. Each event committed to the
 * latest signed checkpoint carries its RFC 6962 inclusion proof against that checkpoint ({@code proof});
 * later events (not yet in a checkpoint) carry none.
 */
@Component
class EventExporter {

    static final int FETCH_SIZE = 500;
    private static final byte NEWLINE = '\n';

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final EventRepository events;
    private final JsonMapper json;
    private final Ledger ledger;

    EventExporter(DataSource dataSource, PlatformTransactionManager transactions, EventRepository events,
                  JsonMapper json, Ledger ledger) {
        this.ledger = ledger;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.events = events;
        this.json = json;
    }

    void write(Instant from, Instant to, String connection, OutputStream out) {
        String sql = EventRepository.COLUMNS.replace("FROM events",
                ", leaf_index, payload_deleted_at, payload_salt, payload_hash FROM events")
                + " WHERE occurred_at >= ? AND occurred_at < ?"
                + (connection == null ? "" : " AND connection = ?")
                + " ORDER BY occurred_at, id";
        List<Object> args = new ArrayList<>(List.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)));
        if (connection != null) {
            args.add(connection);
        }
        readOnly.executeWithoutResult(status -> {
            // Read in the same snapshot as the events, so every proof is against one signed checkpoint.
            long treeSize = jdbc.query("SELECT tree_size FROM checkpoints ORDER BY tree_size DESC LIMIT 1",
                    rs -> rs.next() ? rs.getLong(1) : 0L);
            jdbc.query(sql, line(out, treeSize), args.toArray());
        });
    }

    private RowCallbackHandler line(OutputStream out, long treeSize) {
        return rs -> {
            EventView event = events.rowMapper().mapRow(rs, 0);
            ObjectNode node = json.valueToTree(event);
            Long leafIndex = rs.getObject("leaf_index", Long.class);
            node.put("leafIndex", leafIndex);
            node.put("payloadSalt", base64(rs.getBytes("payload_salt")));
            node.put("payloadHash", base64(rs.getBytes("payload_hash")));
            if (leafIndex != null && leafIndex < treeSize) {
                ObjectNode proof = node.putObject("proof");
                proof.put("treeSize", treeSize);
                ArrayNode path = proof.putArray("auditPath");
                ledger.tree().inclusionProof(leafIndex, treeSize).forEach(hash -> path.add(base64(hash)));
            }
            Timestamp deleted = rs.getTimestamp("payload_deleted_at");
            node.put("payloadDeletedAt", deleted == null ? null : deleted.toInstant().toString());
            try {
                out.write(json.writeValueAsBytes(node));
                out.write(NEWLINE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
