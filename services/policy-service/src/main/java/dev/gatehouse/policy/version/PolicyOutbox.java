package dev.gatehouse.policy.version;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Makes sure every committed version's events reach Kafka. A version is published right after its
 * commit; when Kafka does not acknowledge in time the version stays active and {@code published =
 * false}, and the scheduled retry sends it again, oldest first, until acknowledged. The row lock
 * ({@code SKIP LOCKED}) keeps two replicas, or the retry and a fresh write, from sending it twice.
 */
@Component
class PolicyOutbox {

    private static final Logger log = LoggerFactory.getLogger(PolicyOutbox.class);
    private static final int BATCH = 20;

    private final PolicyVersionRepository repository;
    private final PolicyChangePublisher publisher;
    private final TransactionOperations transactions;

    PolicyOutbox(PolicyVersionRepository repository, PolicyChangePublisher publisher, TransactionOperations transactions) {
        this.repository = repository;
        this.publisher = publisher;
        this.transactions = transactions;
    }

    /** @return false when the version is still unpublished afterwards (Kafka did not acknowledge) */
    boolean publish(long version) {
        Boolean done = transactions.execute(status -> repository.lockUnpublished(version)
                .map(row -> {
                    if (!publisher.publish(row)) {
                        return false;
                    }
                    repository.markPublished(version);
                    return true;
                })
                // already published, or being published by someone else right now
                .orElse(true));
        return Boolean.TRUE.equals(done);
    }

    @Scheduled(fixedDelayString = "${gatehouse.policy.events.retry-interval:5s}",
            initialDelayString = "${gatehouse.policy.events.retry-interval:5s}")
    void retryUnpublished() {
        try {
            for (long version : repository.unpublished(BATCH)) {
                if (!publish(version)) {
                    return; // Kafka is still away: try again next round rather than wait once per version
                }
                log.info("policy version {} events published by the outbox", version);
            }
        } catch (RuntimeException e) {
            log.warn("policy outbox round failed, retrying later: {}", e.toString());
        }
    }
}
