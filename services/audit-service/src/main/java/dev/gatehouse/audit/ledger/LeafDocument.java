package dev.gatehouse.audit.ledger;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * What a Merkle leaf commits to: the stored event without its payload, plus {@code payloadHash}
 * (hex SHA-256(payload_salt || UTF-8 payload), absent when the event had no payload) and
 * {@code prevHash} (hex chain hash of the previous event of the same session, absent for the first).
 * The leaf hash, SHA-256(0x00 || canonical JSON of this document), is also the event's chain hash.
 * Built from the stored row (not from the Kafka record) so the service, a proof and the verifier all
 * see the same values (timestamp precision, jsonb normalization).
 */
public final class LeafDocument {

    /** Columns of {@code events} that {@link #fromRow} reads. */
    public static final String COLUMNS = """
            e.id, e.session_id, e.seq, e.occurred_at, e.kind, e.issuer, e.subject, e.claims::text AS claims,
            e.connection, e.protocol, e.operation::text AS operation, e.verdict, e.rule_id, e.approval_id,
            e.masking::text AS masking, e.status, e.duration_ms, e.policy_version, e.lease_id""";

    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static final HexFormat HEX = HexFormat.of();

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

    /** The leaf's data: the event document with payloadHash and prevHash added, canonical JSON. */
    public static byte[] leafData(ObjectNode event, byte[] payloadHash, byte[] prevHash) {
        ObjectNode doc = event.deepCopy();
        doc.remove("payloadHash");
        doc.remove("prevHash");
        if (payloadHash != null) {
            doc.put("payloadHash", HEX.formatHex(payloadHash));
        }
        if (prevHash != null) {
            doc.put("prevHash", HEX.formatHex(prevHash));
        }
        return CanonicalJson.bytes(doc);
    }

    public static byte[] leafHash(ObjectNode event, byte[] payloadHash, byte[] prevHash) {
        return Rfc6962.leafHash(leafData(event, payloadHash, prevHash));
    }

    /** SHA-256(salt || UTF-8(payload)); the salt keeps a short payload from being guessed from its hash. */
    public static byte[] payloadHash(byte[] salt, String payload) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(payload.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
