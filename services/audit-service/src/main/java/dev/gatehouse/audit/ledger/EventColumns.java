package dev.gatehouse.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One {@code events} row exactly as it will be stored: the ledger hashes these values in memory instead
 * of reading the row back, so every value here must be what PostgreSQL will return for it. Hence
 * {@code occurredAt} is cut to microseconds (timestamptz precision) and every text is well-formed UTF-16
 * (a lone surrogate becomes '?', as the UTF-8 encoding on the wire would make it). jsonb columns are
 * JSON text; jsonb may reorder keys and rewrite numbers, but not their values, and the leaf document is
 * canonical JSON of the values (see {@link LeafDocument#fromColumns}).
 */
public record EventColumns(UUID id, String sessionId, long seq, Instant occurredAt, String kind, String issuer,
                           String subject, String claims, String connection, String protocol, String operation,
                           String verdict, String ruleId, String approvalId, String masking, String payload,
                           Integer status, Long durationMs, Long policyVersion, String leaseId) {

    public EventColumns {
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        sessionId = wellFormed(sessionId);
        kind = wellFormed(kind);
        issuer = wellFormed(issuer);
        subject = wellFormed(subject);
        claims = wellFormed(claims);
        connection = wellFormed(connection);
        protocol = wellFormed(protocol);
        operation = wellFormed(operation);
        verdict = wellFormed(verdict);
        ruleId = wellFormed(ruleId);
        approvalId = wellFormed(approvalId);
        masking = wellFormed(masking);
        payload = wellFormed(payload);
        leaseId = wellFormed(leaseId);
    }

    /** The text as it reads back after a UTF-8 round trip; the same instance when nothing changes (the usual case). */
    static String wellFormed(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
        }
        return text;
    }
}
