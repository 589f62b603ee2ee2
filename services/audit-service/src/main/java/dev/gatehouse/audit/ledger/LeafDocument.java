package dev.gatehouse.audit.ledger;

import dev.gatehouse.ledger.LeafHash;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The event part of a Merkle leaf (see {@link LeafHash} for what the leaf adds and how it is hashed).
 * Built from the stored row (not from the Kafka record) so the service, a proof and the verifier all
 * see the same values (timestamp precision, jsonb normalization).
 */
public final class LeafDocument {

    /** Columns of {@code events} that {@link #fromRow} reads. */
    public static final String COLUMNS = """
            e.id, e.session_id, e.seq, e.occurred_at, e.kind, e.issuer, e.subject, e.claims::text AS claims,
            e.connection, e.protocol, e.operation::text AS operation, e.verdict, e.rule_id, e.approval_id,
            e.masking::text AS masking, e.status, e.duration_ms, e.policy_version, e.lease_id""";

    public static final JsonMapper JSON = LeafHash.JSON;

    private LeafDocument() {
    }

    /** The event part (no payload, no hashes) of the row at the cursor. */
    public static ObjectNode fromRow(ResultSet rs) throws SQLException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", rs.getObject("id").toString());
        doc.put("sessionId", rs.getString("session_id"));
        doc.put("seq", rs.getLong("seq"));
        doc.put("occurredAt", rs.getObject("occurred_at", OffsetDateTime.class).toInstant().toString());
        doc.put("kind", rs.getString("kind"));
        text(doc, "issuer", rs.getString("issuer"));
        text(doc, "subject", rs.getString("subject"));
        json(doc, "claims", rs.getString("claims"));
        text(doc, "connection", rs.getString("connection"));
        text(doc, "protocol", rs.getString("protocol"));
        json(doc, "operation", rs.getString("operation"));
        text(doc, "verdict", rs.getString("verdict"));
        text(doc, "ruleId", rs.getString("rule_id"));
        text(doc, "approvalId", rs.getString("approval_id"));
        json(doc, "masking", rs.getString("masking"));
        number(doc, "status", rs.getObject("status"));
        number(doc, "durationMs", rs.getObject("duration_ms"));
        number(doc, "policyVersion", rs.getObject("policy_version"));
        text(doc, "leaseId", rs.getString("lease_id"));
        return doc;
    }

    /**
     * The same document as {@link #fromRow} of the row that {@code row} becomes once stored, built without
     * reading it back (ingest writes each event once). LedgerWriteIT holds the two equal.
     */
    public static ObjectNode fromColumns(EventColumns row) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", row.id().toString());
        doc.put("sessionId", row.sessionId());
        doc.put("seq", row.seq());
        doc.put("occurredAt", row.occurredAt().toString());
        doc.put("kind", row.kind());
        text(doc, "issuer", row.issuer());
        text(doc, "subject", row.subject());
        json(doc, "claims", row.claims());
        text(doc, "connection", row.connection());
        text(doc, "protocol", row.protocol());
        json(doc, "operation", row.operation());
        text(doc, "verdict", row.verdict());
        text(doc, "ruleId", row.ruleId());
        text(doc, "approvalId", row.approvalId());
        json(doc, "masking", row.masking());
        number(doc, "status", row.status());
        number(doc, "durationMs", row.durationMs());
        number(doc, "policyVersion", row.policyVersion());
        text(doc, "leaseId", row.leaseId());
        return doc;
    }

    private static void text(ObjectNode doc, String name, String value) {
        if (value != null) {
            doc.put(name, value);
        }
    }

    private static void number(ObjectNode doc, String name, Object value) {
        if (value != null) {
            doc.put(name, ((Number) value).longValue());
        }
    }

    private static void json(ObjectNode doc, String name, String value) {
        if (value != null) {
            JsonNode node = JSON.readTree(value);
            if (!node.isNull()) {
                doc.set(name, node);
            }
        }
    }
}
