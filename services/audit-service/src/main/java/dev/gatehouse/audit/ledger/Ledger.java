package dev.gatehouse.audit.ledger;

import dev.gatehouse.ledger.LeafHash;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hash chains and the Merkle log. {@link #write} runs inside the ingest transaction under a
 * transaction-scoped PostgreSQL advisory lock taken by {@link #lockForAppend}: one writer at a time
 * across all replicas (a single sequencer), so leaf indexes are dense and follow commit order, and a
 * crash rolls back events and leaves together. {@link #append} is the backfill's path for rows stored
 * without a leaf.
 */
@Component
public class Ledger {

    /** Advisory lock key ("gatehous" in ASCII): serializes appends across replicas. */
    static final long APPEND_LOCK = 0x6761746568_6f7573L;

    private static final String NEW_EVENTS = "SELECT " + LeafDocument.COLUMNS + ", e.payload FROM events e "
            + "WHERE e.id = ANY(?) AND e.leaf_index IS NULL";

    private final JdbcTemplate jdbc;
    private final MerkleTree tree;
    private final SecureRandom random = new SecureRandom();
    private final SessionHeads heads = new SessionHeads();
    private final BatchAppend batches;

    Ledger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.tree = new MerkleTree(this::readLeaves);
        this.batches = new BatchAppend(jdbc, heads);
    }

    /** Call first in the ingest transaction, before inserting (taking it later could deadlock on rows). */
    public void lockForAppend() {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", APPEND_LOCK);
    }

    /**
     * Stores the events of {@code rows} that are not stored yet, in the given order, each with its leaf
     * (idempotent: a redelivered event adds nothing). Call after {@link #lockForAppend} in the same
     * transaction; returns the tree size once it commits.
     */
    public long write(List<EventColumns> rows) {
        return batches.append(rows, size());
    }

    /** Appends the stored events of {@code ids} that have no leaf yet, in the given order; returns the new size. */
    public long append(List<UUID> ids) {
        // Reads and writes session_heads around the cache, which must then not be trusted.
        heads.forget();
        Map<UUID, Pending> pending = new LinkedHashMap<>();
        ids.forEach(id -> pending.putIfAbsent(id, null));
        jdbc.query(NEW_EVENTS, rs -> {
            UUID id = rs.getObject("id", UUID.class);
            pending.put(id, new Pending(id, rs.getString("session_id"), LeafDocument.fromRow(rs),
                    rs.getString("payload")));
        }, (Object) ids.toArray(UUID[]::new));
        List<Pending> fresh = pending.values().stream().filter(p -> p != null).toList();
        long next = size();
        if (fresh.isEmpty()) {
            return next;
        }
        Map<String, byte[]> heads = heads(fresh);
        List<Object[]> events = new ArrayList<>();
        List<Object[]> leaves = new ArrayList<>();
        for (Pending p : fresh) {
            byte[] salt = null;
            byte[] payloadHash = null;
            if (p.payload() != null) {
                salt = new byte[16];
                random.nextBytes(salt);
                payloadHash = LeafHash.payloadHash(salt, p.payload());
            }
            byte[] prev = heads.get(p.sessionId());
            byte[] leaf = LeafHash.leafHash(p.document(), payloadHash, prev);
            heads.put(p.sessionId(), leaf);
            events.add(new Object[]{next, salt, payloadHash, prev, p.id()});
            leaves.add(new Object[]{next, p.id(), leaf});
            next++;
        }
        jdbc.batchUpdate("UPDATE events SET leaf_index = ?, payload_salt = ?, payload_hash = ?, prev_hash = ? "
                + "WHERE id = ?", events);
        jdbc.batchUpdate("INSERT INTO merkle_leaves (leaf_index, event_id, leaf_hash) VALUES (?, ?, ?)", leaves);
        List<Object[]> headRows = new ArrayList<>();
        heads.forEach((session, hash) -> headRows.add(new Object[]{session, hash}));
        jdbc.batchUpdate("INSERT INTO session_heads (session_id, chain_hash) VALUES (?, ?) "
                + "ON CONFLICT (session_id) DO UPDATE SET chain_hash = EXCLUDED.chain_hash", headRows);
        return next;
    }

    /** Committed tree size. */
    public long size() {
        Long max = jdbc.queryForObject("SELECT max(leaf_index) FROM merkle_leaves", Long.class);
        return max == null ? 0 : max + 1;
    }

    public MerkleTree tree() {
        return tree;
    }

    private Map<String, byte[]> heads(List<Pending> fresh) {
        String[] sessions = fresh.stream().map(Pending::sessionId).distinct().toArray(String[]::new);
        Map<String, byte[]> heads = new HashMap<>();
        jdbc.query("SELECT session_id, chain_hash FROM session_heads WHERE session_id = ANY(?)",
                rs -> {
                    heads.put(rs.getString(1), rs.getBytes(2));
                }, (Object) sessions);
        return heads;
    }

    private List<byte[]> readLeaves(long from, int count) {
        List<byte[]> leaves = jdbc.query("SELECT leaf_hash FROM merkle_leaves WHERE leaf_index >= ? "
                + "AND leaf_index < ? ORDER BY leaf_index", (rs, i) -> rs.getBytes(1), from, from + count);
        if (leaves.size() != count) {
            throw new IllegalStateException("Merkle log has " + leaves.size() + " of the " + count
                    + " leaves from index " + from + ": the log was altered");
        }
        return leaves;
    }

    private record Pending(UUID id, String sessionId, tools.jackson.databind.node.ObjectNode document,
                           String payload) {
    }
}
