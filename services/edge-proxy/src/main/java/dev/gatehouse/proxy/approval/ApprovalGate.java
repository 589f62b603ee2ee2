package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.CallerIdentity;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.UUID;

/**
 * STUB with the public API of the approval gate being written on main; the lead replaces this file.
 * Until then every approval request fails, so a REVIEW statement is refused (fail closed).
 */
@Component
public class ApprovalGate {

    public Mono<Approval> request(ApprovalRequest request) {
        return Mono.error(new IllegalStateException("approvals are not available in this build"));
    }

    public Mono<ApprovalDecided> await(UUID approvalId, Duration maxWait) {
        return Mono.error(new IllegalStateException("approvals are not available in this build"));
    }

    public Mono<Approval> consume(UUID approvalId, String fingerprint, CallerIdentity identity) {
        return Mono.error(new ApprovalNotUsable("approvals are not available in this build"));
    }

    public Mono<Void> cancel(UUID approvalId) {
        return Mono.empty();
    }
}
