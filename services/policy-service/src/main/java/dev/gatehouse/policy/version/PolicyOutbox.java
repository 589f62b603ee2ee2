package dev.gatehouse.policy.version;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Makes sure every committed version's events reach Kafka. A version's events are written to the
 * outbox with the version and sent right after its commit; each round here first hands over versions
 * whose events are owed ({@code published = false}: stored before the outbox table existed, or marked
 * so by hand), then lets the outbox re-send what Kafka has not acknowledged. The row lock ({@code SKIP
 * LOCKED}) keeps two replicas from handing the same version over twice.
 */
@Component
class PolicyOutbox {

    private static final Logger log = LoggerFactory.getLogger(PolicyOutbox.class);
    private static final int BATCH = 20;

    private final PolicyVersionRepository repository;
    private final PolicyChangeEvents events;
    private final PolicyEventOutbox outbox;
    private final TransactionOperations transactions;

    PolicyOutbox(PolicyVersionRepository repository, PolicyChangeEvents events, PolicyEventOutbox outbox,
                 TransactionOperations transactions) {
        this.repository = repository;
        this.events = events;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** @return false when another replica holds the version or it was handed over already */
    boolean handOver(long version) {
        Boolean done = transactions.execute(status -> repository.lockUnpublished(version)
                .map(row -> {
                    events.handOver(row);
                    return true;
                })
                .orElse(false));
        return Boolean.TRUE.equals(done);
    }

    @Scheduled(fixedDelayString = "${gatehouse.policy.events.retry-interval:5s}",
            initialDelayString = "${gatehouse.policy.events.retry-interval:5s}")
    void retryUnpublished() {
        try {
            for (long version : repository.unpublished(BATCH)) {
                if (handOver(version)) {
                    log.info("policy version {} events handed to the outbox", version);
                }
            }
        } catch (RuntimeException e) {
            log.warn("policy outbox round failed, retrying later: {}", e.toString());
        }
        outbox.resendUnsent();
    }
}
