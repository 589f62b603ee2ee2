package dev.gatehouse.audit.ledger;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Ingest's append: the events of one poll, staged beforehand ({@link StagedEvent}) and handed over slice by
 * slice as they become ready, chained in memory under the advisory lock and written once with their leaf
 * index and hashes, beside their Merkle leaves, in the caller's transaction. Each slice costs two or three
 * statements (which of its ids are stored, the heads not known yet) and a COPY, so staging the next slice
 * overlaps PostgreSQL's work on this one; the leaves' COPY and the heads' upsert end the poll. The old path
 * inserted, read back and updated every event.
 */
final class BatchAppend {

    private static final String EXISTING = "SELECT id FROM events WHERE id = ANY(?)";
    private static final String HEADS = "SELECT session_id, chain_hash FROM session_heads WHERE session_id = ANY(?)";
    private static final String UPSERT_HEADS = "INSERT INTO session_heads (session_id, chain_hash) "
            + "SELECT * FROM unnest(?::text[], ?::bytea[]) "
            + "ON CONFLICT (session_id) DO UPDATE SET chain_hash = EXCLUDED.chain_hash";

    private final JdbcTemplate jdbc;
    private final SessionHeads cache;

    BatchAppend(JdbcTemplate jdbc, SessionHeads cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    /**
     * Needs the advisory lock held by this transaction. {@code slices} are read in order, each once; an
     * iterator may block until its next slice is staged. Returns the tree size the transaction leaves.
     */
    long append(Iterable<List<StagedEvent>> slices, long size) {
        cache.validFor(size);
        Map<String, byte[]> heads = new HashMap<>();
        Map<String, byte[]> changed = new HashMap<>();
        long next = jdbc.execute((ConnectionCallback<Long>) connection -> {
            try (LedgerCopy copy = new LedgerCopy(connection)) {
                Set<UUID> seen = new HashSet<>();
                long index = size;
                for (List<StagedEvent> slice : slices) {
                    List<StagedEvent> fresh = fresh(slice, seen);
                    if (!fresh.isEmpty()) {
                        learnHeads(fresh, heads);
                        index = hashAndCopy(fresh, index, heads, changed, copy);
                        // Ended per slice: the next slice's statements need the connection.
                        copy.endEvents();
                    }
                }
                copy.finish();
                if (!changed.isEmpty()) {
                    upsertHeads(connection, changed);
                }
                return index;
            }
        });
        if (next != size) {
            afterCompletion(size, next, changed);
        }
        return next;
    }

    /** Links each event onto its session's chain and hands it to the COPY; returns the next leaf index. */
    private static long hashAndCopy(List<StagedEvent> fresh, long index, Map<String, byte[]> heads,
                                    Map<String, byte[]> changed, LedgerCopy copy) throws java.sql.SQLException {
        long next = index;
        for (StagedEvent event : fresh) {
            String session = event.row().sessionId();
            byte[] prev = heads.get(session);
            byte[] leaf = event.leaf().leafHash(prev);
            heads.put(session, leaf);
            changed.put(session, leaf);
            copy.add(new LedgerCopy.Appended(event, next++, prev, leaf));
        }
        return next;
    }

    /**
     * The slice without events stored before (a redelivered Kafka record) and without events already met
     * in this poll ({@code seen}, which it extends): the rows this transaction wrote are not what the
     * query reads as stored, so repeats are caught in memory.
     */
    private List<StagedEvent> fresh(List<StagedEvent> slice, Set<UUID> seen) {
        Map<UUID, StagedEvent> byId = new LinkedHashMap<>();
        slice.forEach(event -> {
            if (seen.add(event.row().id())) {
                byId.put(event.row().id(), event);
            }
        });
        if (byId.isEmpty()) {
            return List.of();
        }
        Set<UUID> stored = new HashSet<>(jdbc.queryForList(EXISTING, UUID.class,
                (Object) byId.keySet().toArray(UUID[]::new)));
        return byId.values().stream().filter(event -> !stored.contains(event.row().id())).toList();
    }

    /** Adds to {@code heads} the chain heads of the slice's sessions it does not hold yet: cached, else read. */
    private void learnHeads(List<StagedEvent> events, Map<String, byte[]> heads) {
        Set<String> sessions = new LinkedHashSet<>();
        events.forEach(event -> {
            if (!heads.containsKey(event.row().sessionId())) {
                sessions.add(event.row().sessionId());
            }
        });
        if (sessions.isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        heads.putAll(cache.get(sessions, missing));
        if (!missing.isEmpty()) {
            jdbc.query(HEADS, rs -> {
                heads.put(rs.getString(1), rs.getBytes(2));
            }, (Object) missing.toArray(String[]::new));
        }
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
