package dev.gatehouse.audit.ledger;

import dev.gatehouse.ledger.CanonicalJson;
import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.testkit.PostgresFixture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write-once ledger path against real PostgreSQL: what it hashes in memory is what the stored rows
 * hash to when read back (as the verifier and LedgerIntegrity read them), across batches, writers,
 * redeliveries and rolled-back batches. {@link #assertLogVerifies} recomputes every chain link and the
 * Merkle root from the stored rows alone.
 */
class LedgerWriteIT {

    private static int databases;

    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;
    private SimpleDriverDataSource dataSource;

    @BeforeEach
    void database() {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("audit_ledger_write_it_" + databases++);
        dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, postgres.username(),
                postgres.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/audit-service").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Test
    void storedRowsHashToWhatWasComputedInMemory() {
        Ledger ledger = new Ledger(jdbc);
        List<EventColumns> rows = List.of(awkward("s-1", 0), awkward("s-1", 1), plain("s-2", 0), bare("s-3", 0));
        assertThat(write(ledger, rows)).isEqualTo(4);

        Map<UUID, String> stored = new HashMap<>();
        jdbc.query("SELECT " + LeafDocument.COLUMNS + " FROM events e", rs -> {
            stored.put(rs.getObject("id", UUID.class), CanonicalJson.string(LeafDocument.fromRow(rs)));
        });
        for (EventColumns row : rows) {
            assertThat(stored.get(row.id())).isEqualTo(CanonicalJson.string(LeafDocument.fromColumns(row)));
        }
        assertThat(jdbc.queryForObject("SELECT payload FROM events WHERE id = ?", String.class, rows.get(0).id()))
                .isEqualTo("line\tone\nline two\r\\N \\. back\\slash ?");
        assertLogVerifies(ledger);
    }

    @Test
    void aRedeliveredEventAddsNoLeaf() {
        Ledger ledger = new Ledger(jdbc);
        EventColumns first = plain("s-1", 0);
        EventColumns second = plain("s-1", 1);
        write(ledger, List.of(first, second));
        // Redelivered with a new one, and repeated inside one batch.
        EventColumns third = plain("s-1", 2);
        assertThat(write(ledger, List.of(first, second, third, third))).isEqualTo(3);
        assertThat(write(new Ledger(jdbc), List.of(third, first))).isEqualTo(3);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM merkle_leaves", Long.class)).isEqualTo(3);
        assertLogVerifies(ledger);
    }

    @Test
    void chainsContinueAcrossBatchesWritersAndRestarts() {
        Ledger one = new Ledger(jdbc);
        Ledger two = new Ledger(jdbc);
        write(one, List.of(plain("a", 0), plain("b", 0)));
        write(one, List.of(plain("a", 1), plain("c", 0)));
        // Another replica (its own cache) extends a and b: one's cached heads for them are stale now.
        write(two, List.of(plain("a", 2), plain("b", 1)));
        write(one, List.of(plain("a", 3), plain("b", 2), plain("c", 1)));
        // A restarted writer starts with no cache at all.
        write(new Ledger(jdbc), List.of(plain("a", 4), plain("c", 2)));
        write(one, List.of(plain("a", 5)));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM merkle_leaves", Long.class)).isEqualTo(12);
        assertLogVerifies(one);
    }

    @Test
    void aFailedBatchLeavesNothingAndItsRetryChainsOn() {
        Ledger ledger = new Ledger(jdbc);
        write(ledger, List.of(plain("a", 0), plain("b", 0)));
        List<EventColumns> batch = List.of(plain("a", 1), plain("b", 1), plain("c", 0));

        // The transaction fails after the ledger wrote: nothing of it may stay, in the table or the cache.
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            ledger.lockForAppend();
            ledger.write(batch);
            throw new IllegalStateException("database went away");
        })).hasMessage("database went away");
        // A batch PostgreSQL refuses (a NUL character in a text column): COPY fails, all of it rolls back.
        List<EventColumns> refused = new ArrayList<>(batch);
        refused.add(withPayload(plain("d", 0), "nul \u0000 here"));
        assertThatThrownBy(() -> write(ledger, refused)).isNotNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM merkle_leaves", Long.class)).isEqualTo(2);

        assertThat(write(ledger, batch)).isEqualTo(5);
        write(ledger, List.of(plain("a", 2), plain("c", 1)));
        assertLogVerifies(ledger);
    }

    private long write(Ledger ledger, List<EventColumns> rows) {
        return transaction.execute(status -> {
            ledger.lockForAppend();
            return ledger.write(rows);
        });
    }

    /** Every link recomputed from the stored rows, in log order, as the offline verifier does. */
    private void assertLogVerifies(Ledger ledger) {
        Map<String, byte[]> heads = new HashMap<>();
        List<byte[]> leaves = new ArrayList<>();
        jdbc.query("SELECT l.leaf_index, l.leaf_hash, e.leaf_index AS event_leaf, " + LeafDocument.COLUMNS
                + ", e.payload, e.payload_salt, e.payload_hash, e.prev_hash"
                + " FROM merkle_leaves l JOIN events e ON e.id = l.event_id ORDER BY l.leaf_index", rs -> {
            long index = rs.getLong("leaf_index");
            String session = rs.getString("session_id");
            assertThat(index).isEqualTo(leaves.size());
            assertThat(rs.getLong("event_leaf")).isEqualTo(index);
            byte[] payloadHash = rs.getBytes("payload_hash");
            String payload = rs.getString("payload");
            if (payload != null) {
                assertThat(LeafHash.payloadHash(rs.getBytes("payload_salt"), payload)).isEqualTo(payloadHash);
            }
            assertThat(rs.getBytes("prev_hash")).as("prev_hash of leaf %d", index).isEqualTo(heads.get(session));
            byte[] leaf = LeafHash.leafHash(LeafDocument.fromRow(rs), payloadHash, rs.getBytes("prev_hash"));
            assertThat(leaf).as("leaf %d", index).isEqualTo(rs.getBytes("leaf_hash"));
            heads.put(session, leaf);
            leaves.add(leaf);
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(leaves.size());
        jdbc.query("SELECT session_id, chain_hash FROM session_heads", rs -> {
            assertThat(rs.getBytes(2)).as("head of %s", rs.getString(1)).isEqualTo(heads.remove(rs.getString(1)));
        });
        assertThat(heads).isEmpty();
        assertThat(ledger.size()).isEqualTo(leaves.size());
        assertThat(Arrays.equals(ledger.tree().root(leaves.size()), MerkleTree.hashLeaves(leaves))).isTrue();
    }

    private static EventColumns plain(String session, long seq) {
        return new EventColumns(UUID.randomUUID(), session, seq, Instant.now(), "REQUEST", "https://issuer",
                "repo:acme/app", "{\"repository\":\"acme/app\"}", "conn", "HTTP", "{\"method\":\"GET\"}", "ALLOW",
                "rule-1", null, "{\"aws-key\":1}", "{\"masked\":\"***\"}", 200, 12L, 4L, null);
    }

    /** Values PostgreSQL stores differently from how they arrive: precision, jsonb, COPY escapes, UTF-16. */
    private static EventColumns awkward(String session, long seq) {
        String claims = "{\"z\":1,\"a\":[1.0E10,0.10,-0.0,12345678901234567890,1.5e-7],"
                + "\"u\":\"caf\\u00e9 \\ud83d\\ude00 tab\\t\",\"n\":null,\"nested\":{\"b\":true,\"a\":\"x\"}}";
        return new EventColumns(UUID.randomUUID(), session + "\t\\", seq, Instant.parse("2026-12-06T10:00:00.123456789Z"),
                "RESPONSE", "https://issuer", "repo:acme/\ud800app", claims, "conn\nx", "POSTGRES",
                "{\"sql\":\"SELECT '\\\\N' \\n\",\"b\":2,\"a\":{\"x\":\"é\"}}", "DENY", null, "appr-1", "null",
                "line\tone\nline two\r\\N \\. back\\slash \udc00", null, null, Long.MAX_VALUE, "lease-1");
    }

    private static EventColumns bare(String session, long seq) {
        return new EventColumns(UUID.randomUUID(), session, seq, Instant.parse("2026-12-06T10:00:00Z"), "SESSION_STARTED",
                null, null, null, null, null, null, null, null, null, "{}", null, null, null, null, null);
    }

    private static EventColumns withPayload(EventColumns r, String payload) {
        return new EventColumns(r.id(), r.sessionId(), r.seq(), r.occurredAt(), r.kind(), r.issuer(), r.subject(),
                r.claims(), r.connection(), r.protocol(), r.operation(), r.verdict(), r.ruleId(), r.approvalId(),
                r.masking(), payload, r.status(), r.durationMs(), r.policyVersion(), r.leaseId());
    }
}
