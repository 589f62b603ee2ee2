package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.gate.ApprovalRefused;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Why a statement could not be decided or recorded, in words for the client (never a credential). */
final class Unavailable {

    private static final Logger log = LoggerFactory.getLogger(Unavailable.class);

    private Unavailable() {
    }

    static String reason(Throwable error) {
        if (error instanceof PolicyUnavailable) {
            log.warn("{}", error.getMessage());
            return "the policy service did not answer";
        }
        if (error instanceof AuditNotAcknowledged) {
            log.warn("{}", error.getMessage());
            return "the audit trail did not acknowledge the statement";
        }
        if (error instanceof ApprovalRefused refused) {
            return "the approval cannot be used for this statement (" + refused.getMessage() + ")";
        }
        log.warn("MySQL statement could not be handled: {}", error.toString());
        return "internal error";
    }
}
