package dev.gatehouse.audit.ledger;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a batch's events and Merkle leaves with COPY (text format), complete with leaf index and hashes,
 * so each row is written once: no UPDATE pass that would touch every index of {@code events} again.
 * Events are streamed while the caller hashes the next ones, so PostgreSQL inserts (and indexes) on one
 * core while the chain is computed on another. COPY has no ON CONFLICT; the caller has left out events
 * already stored, and a duplicate that slips past it fails the whole transaction (and is retried), never
 * adding a second leaf.
 */
final class LedgerCopy implements AutoCloseable {

    static final String EVENTS = "COPY events (id, session_id, seq, occurred_at, kind, issuer, subject, claims,"
            + " connection, protocol, operation, verdict, rule_id, approval_id, masking, payload, status,"
            + " duration_ms, policy_version, lease_id, leaf_index, payload_salt, payload_hash, prev_hash)"
            + " FROM STDIN";
    static final String LEAVES = "COPY merkle_leaves (leaf_index, event_id, leaf_hash) FROM STDIN";

    /** Sent to PostgreSQL in pieces of about this many characters, so it can start on the first rows. */
    private static final int CHUNK = 64 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    /** A row's ledger part. */
    record Appended(EventColumns row, long leafIndex, byte[] salt, byte[] payloadHash, byte[] prevHash,
                    byte[] leafHash) {
    }

    private final CopyManager copy;
    private final List<Appended> written = new ArrayList<>();
    private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);
    private CopyIn events;

    LedgerCopy(Connection connection) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /** Queues one event row; it reaches PostgreSQL with the next full chunk. */
    void add(Appended appended) throws SQLException {
        if (events == null) {
            events = copy.copyIn(EVENTS);
        }
        event(buffer, appended);
        written.add(appended);
        if (buffer.length() >= CHUNK) {
            flush(events);
        }
    }

    /** Ends the events' COPY, then writes their leaves in a second one. */
    void finish() throws SQLException {
        if (events == null) {
            return;
        }
        flush(events);
        events.endCopy();
        events = null;
        CopyIn leaves = copy.copyIn(LEAVES);
        try {
            for (Appended a : written) {
                field(buffer, Long.toString(a.leafIndex()));
                field(buffer, a.row().id().toString());
                bytea(buffer, a.leafHash());
                buffer.setCharAt(buffer.length() - 1, '\n');
                if (buffer.length() >= CHUNK) {
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

    private void flush(CopyIn target) throws SQLException {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            target.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    private static void cancel(CopyIn target) throws SQLException {
        if (target != null && target.isActive()) {
            target.cancelCopy();
        }
    }

    private static void event(StringBuilder out, Appended a) {
        EventColumns r = a.row();
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
        field(out, Long.toString(a.leafIndex()));
        bytea(out, a.salt());
        bytea(out, a.payloadHash());
        bytea(out, a.prevHash());
        out.setCharAt(out.length() - 1, '\n');
    }

    /** A value that needs no escaping (numbers, UUIDs, timestamps), then the column separator. */
    private static void field(StringBuilder out, String value) {
        out.append(value).append('\t');
    }

    private static void number(StringBuilder out, Number value) {
        field(out, value == null ? "\\N" : value.toString());
    }

    private static void bytea(StringBuilder out, byte[] value) {
        // bytea's hex input "\x…", its backslash doubled for COPY's text format.
        field(out, value == null ? "\\N" : "\\\\x" + HEX.formatHex(value));
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
}
