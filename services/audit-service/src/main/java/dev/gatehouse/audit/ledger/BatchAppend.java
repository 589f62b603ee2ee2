package dev.gatehouse.audit.ledger;

import dev.gatehouse.ledger.LeafHash;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Ingest's append: the events of one batch, hashed in memory under the advisory lock and written once
 * with their leaf index and hashes, beside their Merkle leaves, in the caller's transaction. Costs four
 * statements a batch whatever its size (tree size, which ids exist, the heads not cached, the heads'
 * upsert) plus two COPYs; the old path inserted, read back and updated every event.
 */
final class BatchAppend {

    private static final String EXISTING = "SELECT id FROM events WHERE id = ANY(?)";
    private static final String HEADS = "SELECT session_id, chain_hash FROM session_heads WHERE session_id = ANY(?)";
    private static final String UPSERT_HEADS = "INSERT INTO session_heads (session_id, chain_hash) "
            + "SELECT * FROM unnest(?::text[], ?::bytea[]) "
            + "ON CONFLICT (session_id) DO UPDATE SET chain_hash = EXCLUDED.chain_hash";

    private final JdbcTemplate jdbc;
    private final SessionHeads cache;
    private final SecureRandom random = new SecureRandom();

    BatchAppend(JdbcTemplate jdbc, SessionHeads cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    /** Needs the advisory lock held by this transaction. Returns the tree size the transaction leaves. */
    long append(List<EventColumns> rows, long size) {
        cache.validFor(size);
        List<EventColumns> fresh = fresh(rows);
        if (fresh.isEmpty()) {
            return size;
        }
        Map<String, byte[]> heads = heads(fresh);
        Map<String, byte[]> changed = new HashMap<>();
        long next = jdbc.execute((ConnectionCallback<Long>) connection -> {
            try (LedgerCopy copy = new LedgerCopy(connection)) {
                long index = hashAndCopy(fresh, size, heads, changed, copy);
                copy.finish();
                upsertHeads(connection, changed);
                return index;
            }
        });
        afterCompletion(size, next, changed);
        return next;
    }

    /** Hashes each row onto its session's chain and hands it to the COPY; returns the next leaf index. */
    private long hashAndCopy(List<EventColumns> fresh, long size, Map<String, byte[]> heads,
                             Map<String, byte[]> changed, LedgerCopy copy) throws java.sql.SQLException {
        byte[] salts = new byte[16 * fresh.size()];
        random.nextBytes(salts);
        long next = size;
        for (int i = 0; i < fresh.size(); i++) {
            EventColumns row = fresh.get(i);
            byte[] salt = null;
            byte[] payloadHash = null;
            if (row.payload() != null) {
                salt = Arrays.copyOfRange(salts, 16 * i, 16 * i + 16);
                payloadHash = LeafHash.payloadHash(salt, row.payload());
            }
            byte[] prev = heads.get(row.sessionId());
            byte[] leaf = LeafHash.leafHash(LeafDocument.fromColumns(row), payloadHash, prev);
            heads.put(row.sessionId(), leaf);
            changed.put(row.sessionId(), leaf);
            copy.add(new LedgerCopy.Appended(row, next++, salt, payloadHash, prev, leaf));
        }
        return next;
    }

    /** The batch without events stored before (a redelivered Kafka record) and without repeats in it. */
    private List<EventColumns> fresh(List<EventColumns> rows) {
        Map<UUID, EventColumns> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.putIfAbsent(row.id(), row));
        Set<UUID> stored = new HashSet<>(jdbc.queryForList(EXISTING, UUID.class,
                (Object) byId.keySet().toArray(UUID[]::new)));
        return byId.values().stream().filter(row -> !stored.contains(row.id())).toList();
    }

    private Map<String, byte[]> heads(List<EventColumns> rows) {
        Set<String> sessions = new LinkedHashSet<>();
        rows.forEach(row -> sessions.add(row.sessionId()));
        List<String> missing = new ArrayList<>();
        Map<String, byte[]> heads = cache.get(sessions, missing);
        if (!missing.isEmpty()) {
            jdbc.query(HEADS, rs -> {
                heads.put(rs.getString(1), rs.getBytes(2));
            }, (Object) missing.toArray(String[]::new));
        }
        return heads;
    }

    private static void upsertHeads(Connection connection, Map<String, byte[]> heads) throws java.sql.SQLException {
        String[] sessions = heads.keySet().toArray(String[]::new);
        byte[][] hashes = new byte[sessions.length][];
        for (int i = 0; i < sessions.length; i++) {
            hashes[i] = heads.get(sessions[i]);
        }
        try (PreparedStatement ps = connection.prepareStatement(UPSERT_HEADS)) {
            ps.setArray(1, connection.createArrayOf("text", sessions));
            ps.setArray(2, connection.createArrayOf("bytea", hashes));
            ps.executeUpdate();
        }
    }

    /** The cache learns the new heads only once they are committed; a rollback empties it. */
    private void afterCompletion(long from, long to, Map<String, byte[]> heads) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            cache.forget();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    cache.committed(from, to, heads);
                } else {
                    cache.forget();
                }
            }
        });
    }
}
