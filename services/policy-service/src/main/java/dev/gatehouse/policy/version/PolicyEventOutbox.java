package dev.gatehouse.policy.version;

import dev.gatehouse.support.outbox.OutboxSettings;
import dev.gatehouse.support.outbox.TransactionalOutbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's transactional outbox, table {@code policy_outbox}: the shared JDBC outbox of
 * service-support with {@code gatehouse.policy.events.*}. {@link PolicyOutbox} runs its retry rounds.
 */
@Component
class PolicyEventOutbox extends TransactionalOutbox {

    private static final int BATCH = 200;

    PolicyEventOutbox(JdbcClient jdbc, KafkaTemplate<String, String> kafka, JsonMapper json,
                      TransactionOperations transactions, PolicyEventProperties properties) {
        super(jdbc, kafka, json, transactions,
                new OutboxSettings("policy_outbox", properties.ackTimeout(), properties.keepSent(), BATCH));
    }
}
