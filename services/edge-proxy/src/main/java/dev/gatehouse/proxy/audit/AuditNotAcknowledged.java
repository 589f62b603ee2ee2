package dev.gatehouse.proxy.audit;

/** Kafka did not acknowledge an audit event in time; under write-ahead the action must not happen. */
public final class AuditNotAcknowledged extends RuntimeException {

    AuditNotAcknowledged(String message, Throwable cause) {
        super(message, cause);
    }
}
