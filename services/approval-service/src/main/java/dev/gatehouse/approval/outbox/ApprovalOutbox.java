package dev.gatehouse.approval.outbox;

import dev.gatehouse.support.outbox.OutboxSettings;
import dev.gatehouse.support.outbox.TransactionalOutbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's transactional outbox, table {@code approval_outbox}: the shared JDBC outbox of
 * service-support with this service's settings ({@code gatehouse.approval.events.*}) and retry
 * schedule. Events are written with the state change that causes them and sent right after the commit.
 */
@Component
public class ApprovalOutbox extends TransactionalOutbox {

    private static final int BATCH = 200;

    ApprovalOutbox(JdbcClient jdbc, KafkaTemplate<String, String> kafka, JsonMapper json,
                   TransactionOperations transactions, OutboxProperties properties) {
        super(jdbc, kafka, json, transactions,
                new OutboxSettings("approval_outbox", properties.ackTimeout(), properties.keepSent(), BATCH));
    }

    @Scheduled(fixedDelayString = "${gatehouse.approval.events.retry-interval:5s}",
            initialDelayString = "${gatehouse.approval.events.retry-interval:5s}")
    void retry() {
        resendUnsent();
    }
}
