package dev.gatehouse.audit.ledger;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a batch's events and Merkle leaves with COPY (text format), complete with leaf index and hashes,
 * so each row is written once: no UPDATE pass that would touch every index of {@code events} again.
 * Each event's columns were encoded when it was staged ({@link #columns}); here only the ledger's four
 * columns are added. Events are streamed in chunks while the caller chains the next ones, so PostgreSQL
 * inserts (and indexes) while the JVM works on; a poll may take several events' COPYs (one a slice). COPY has no ON CONFLICT; the caller has left out events
 * already stored, and a duplicate that slips past it fails the whole transaction (and is retried), never
 * adding a second leaf.
 */
final class LedgerCopy implements AutoCloseable {

    static final String EVENTS = "COPY events (id, session_id, seq, occurred_at, kind, issuer, subject, claims,"
            + " connection, protocol, operation, verdict, rule_id, approval_id, masking, payload, status,"
            + " duration_ms, policy_version, lease_id, leaf_index, payload_salt, payload_hash, prev_hash)"
            + " FROM STDIN";
    static final String LEAVES = "COPY merkle_leaves (leaf_index, event_id, leaf_hash) FROM STDIN";

    /** Sent to PostgreSQL in pieces of about this many bytes, so it can start on the first rows. */
    private static final int CHUNK = 64 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    /** A staged event with its place in the log. */
    record Appended(StagedEvent event, long leafIndex, byte[] prevHash, byte[] leafHash) {
    }

    private final CopyManager copy;
    private final List<Appended> written = new ArrayList<>();
    private final Chunk buffer = new Chunk(CHUNK + 8192);
    private CopyIn events;

    LedgerCopy(Connection connection) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /** Queues one event row; it reaches PostgreSQL with the next full chunk. */
    void add(Appended appended) throws SQLException {
        if (events == null) {
            events = copy.copyIn(EVENTS);
        }
        StagedEvent event = appended.event();
        buffer.append(event.copyColumns());
        buffer.ascii(Long.toString(appended.leafIndex())).tab();
        bytea(buffer, event.salt());
        buffer.tab();
        bytea(buffer, event.payloadHash());
        buffer.tab();
        bytea(buffer, appended.prevHash());
        buffer.newline();
        written.add(appended);
        if (buffer.size() >= CHUNK) {
            flush(events);
        }
    }

    /** Ends the events' COPY under way, if any; the next {@link #add} starts another. */
    void endEvents() throws SQLException {
        if (events != null) {
            flush(events);
            events.endCopy();
            events = null;
        }
    }

    /** Ends the events' COPY, then writes the leaves of every event added in a COPY of their own. */
    void finish() throws SQLException {
        endEvents();
        if (written.isEmpty()) {
            return;
        }
        CopyIn leaves = copy.copyIn(LEAVES);
        try {
            for (Appended a : written) {
                buffer.ascii(Long.toString(a.leafIndex())).tab();
                buffer.ascii(a.event().row().id().toString()).tab();
                bytea(buffer, a.leafHash());
                buffer.newline();
                if (buffer.size() >= CHUNK) {
                    flush(leaves);
                }
            }
            flush(leaves);
            leaves.endCopy();
        } finally {
            cancel(leaves);
        }
    }

    /** A COPY left open by a failure is cancelled, so the connection goes back to the pool usable. */
    @Override
    public void close() throws SQLException {
        cancel(events);
    }

    /**
     * The row's columns up to {@code lease_id} as COPY text, each followed by its tab, in UTF-8: the part
     * of the line that does not depend on the event's place in the log.
     */
    static byte[] columns(EventColumns r) {
        StringBuilder out = new StringBuilder(512);
        field(out, r.id().toString());
        text(out, r.sessionId());
        field(out, Long.toString(r.seq()));
        field(out, r.occurredAt().toString());
        text(out, r.kind());
        text(out, r.issuer());
        text(out, r.subject());
        text(out, r.claims());
        text(out, r.connection());
        text(out, r.protocol());
        text(out, r.operation());
        text(out, r.verdict());
        text(out, r.ruleId());
        text(out, r.approvalId());
        text(out, r.masking());
        text(out, r.payload());
        number(out, r.status());
        number(out, r.durationMs());
        number(out, r.policyVersion());
        text(out, r.leaseId());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void flush(CopyIn target) throws SQLException {
        if (buffer.size() > 0) {
            target.writeToCopy(buffer.bytes(), 0, buffer.size());
            buffer.clear();
        }
    }

    private static void cancel(CopyIn target) throws SQLException {
        if (target != null && target.isActive()) {
            target.cancelCopy();
        }
    }

    /** A value that needs no escaping (numbers, UUIDs, timestamps), then the column separator. */
    private static void field(StringBuilder out, String value) {
        out.append(value).append('\t');
    }

    private static void number(StringBuilder out, Number value) {
        field(out, value == null ? "\\N" : value.toString());
    }

    private static void bytea(Chunk out, byte[] value) {
        // bytea's hex input "\x…", its backslash doubled for COPY's text format.
        out.ascii(value == null ? "\\N" : "\\\\x" + HEX.formatHex(value));
    }

    /** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
    static void text(StringBuilder out, String value) {
        if (value == null) {
            field(out, "\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        out.append('\t');
    }

    /** The bytes of the COPY stream not yet sent; grows past its size only for an event longer than a chunk. */
    private static final class Chunk {

        private byte[] bytes;
        private int size;

        Chunk(int capacity) {
            bytes = new byte[capacity];
        }

        void append(byte[] more) {
            ensure(more.length);
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
        }

        Chunk ascii(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) {
                bytes[size++] = (byte) text.charAt(i); // ASCII only: numbers, UUIDs, hex
            }
            return this;
        }

        void tab() {
            ensure(1);
            bytes[size++] = '\t';
        }

        void newline() {
            ensure(1);
            bytes[size++] = '\n';
        }

        byte[] bytes() {
            return bytes;
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
