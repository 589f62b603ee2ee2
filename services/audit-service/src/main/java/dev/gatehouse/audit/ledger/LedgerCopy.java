package dev.gatehouse.audit.ledger;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a batch's events and Merkle leaves with COPY (text format), complete with leaf index and hashes,
 * so each row is written once: no UPDATE pass that would touch every index of {@code events} again.
 * COPY has no ON CONFLICT; the caller has left out events already stored, and a duplicate that slips
 * past it fails the whole transaction (and is retried), never adding a second leaf.
 */
final class LedgerCopy {

    static final String EVENTS = "COPY events (id, session_id, seq, occurred_at, kind, issuer, subject, claims,"
            + " connection, protocol, operation, verdict, rule_id, approval_id, masking, payload, status,"
            + " duration_ms, policy_version, lease_id, leaf_index, payload_salt, payload_hash, prev_hash)"
            + " FROM STDIN";
    static final String LEAVES = "COPY merkle_leaves (leaf_index, event_id, leaf_hash) FROM STDIN";

    private static final HexFormat HEX = HexFormat.of();

    /** A row's ledger part. */
    record Appended(EventColumns row, long leafIndex, byte[] salt, byte[] payloadHash, byte[] prevHash,
                    byte[] leafHash) {
    }

    private LedgerCopy() {
    }

    static void write(Connection connection, List<Appended> batch) throws SQLException {
        StringBuilder events = new StringBuilder(batch.size() * 768);
        StringBuilder leaves = new StringBuilder(batch.size() * 120);
        for (Appended a : batch) {
            event(events, a);
            field(leaves, Long.toString(a.leafIndex()));
            field(leaves, a.row().id().toString());
            bytea(leaves, a.leafHash());
            leaves.setCharAt(leaves.length() - 1, '\n');
        }
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        copy(copy, EVENTS, events);
        copy(copy, LEAVES, leaves);
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

    private static void copy(CopyManager copy, String sql, StringBuilder rows) throws SQLException {
        try {
            copy.copyIn(sql, new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // Reading from a byte array cannot fail; an IOException here came from the connection.
            throw new SQLException("COPY to PostgreSQL failed", "08006", e);
        }
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
