package dev.gatehouse.approval.request;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Writes down the expiry of pending requests past their deadline, so the proxies hear of it
 * ({@code EXPIRED} on the approvals topic) and the audit trail records it. Reads treat an overdue
 * request as expired already; this makes it final and announced.
 */
@Component
class ExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final int BATCH = 100;

    private final ApprovalStore store;
    private final ApprovalWorkflow workflow;

    ExpirySweeper(ApprovalStore store, ApprovalWorkflow workflow) {
        this.store = store;
        this.workflow = workflow;
    }

    @Scheduled(fixedDelayString = "${gatehouse.approval.expiry.sweep-interval:5s}")
    void sweep() {
        try {
            int expired = 0;
            for (UUID id : store.overdue(BATCH)) {
                if (workflow.expire(id)) {
                    expired++;
                }
            }
            if (expired > 0) {
                log.info("{} approval request(s) expired", expired);
            }
        } catch (RuntimeException e) {
            log.warn("expiry sweep failed, trying again: {}", e.getClass().getSimpleName());
        }
    }
}
