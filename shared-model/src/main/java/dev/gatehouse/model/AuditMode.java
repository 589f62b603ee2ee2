package dev.gatehouse.model;

/**
 * When the audit event must be acknowledged. {@code WRITE_AHEAD} holds the action until Kafka
 * acknowledges its event; {@code ASYNC} (reads only) produces it without holding the action.
 */
public enum AuditMode {
    WRITE_AHEAD, ASYNC
}
