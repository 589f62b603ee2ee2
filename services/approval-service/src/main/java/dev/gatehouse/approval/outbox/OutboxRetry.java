package dev.gatehouse.approval.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import java.util.List;

/**
 * Re-sends outbox records Kafka has not acknowledged (it was away, or the service stopped between
 * commit and send), oldest first. Records younger than the acknowledgement timeout are left to the
 * send that is probably still in flight. {@code SKIP LOCKED} keeps two replicas from sending the same
 * rows in the same round; a duplicate now and then is harmless (audit events carry fixed ids).
 */
@Component
class OutboxRetry {

    private static final Logger log = LoggerFactory.getLogger(OutboxRetry.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final OutboxSender sender;
    private final TransactionOperations transactions;
    private final OutboxProperties properties;

    OutboxRetry(JdbcClient jdbc, OutboxSender sender, TransactionOperations transactions, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.sender = sender;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${gatehouse.approval.events.retry-interval:5s}",
            initialDelayString = "${gatehouse.approval.events.retry-interval:5s}")
    void resendUnsent() {
        try {
            Integer sent = transactions.execute(status -> {
                List<OutboxRecord> due = jdbc.sql("""
                                SELECT id, topic, record_key, value FROM approval_outbox
                                WHERE sent_at IS NULL AND created_at < now() - make_interval(secs => :grace)
                                ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
                                """)
                        .param("grace", properties.ackTimeout().toMillis() / 1000.0).param("limit", BATCH)
                        .query((rs, n) -> new OutboxRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        .list();
                List<Long> acknowledged = sender.sendAndWait(due, properties.ackTimeout().toMillis());
                sender.markSent(acknowledged);
                return acknowledged.size();
            });
            if (sent != null && sent > 0) {
                log.info("outbox re-sent {} event(s)", sent);
            }
            jdbc.sql("DELETE FROM approval_outbox WHERE sent_at < now() - make_interval(secs => :keep)")
                    .param("keep", properties.keepSent().toSeconds()).update();
        } catch (RuntimeException e) {
            log.warn("outbox round failed, retrying later: {}", e.getClass().getSimpleName());
        }
    }
}
