package dev.gatehouse.approval.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transactional outbox: an event is written in the same transaction as the state change it reports,
 * so it exists if and only if the change does. Right after the commit it is handed to Kafka (no poll
 * interval between a decision and the held request resuming); {@link OutboxRetry} re-sends whatever
 * Kafka has not acknowledged.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OutboxSender sender;

    Outbox(JdbcClient jdbc, JsonMapper json, OutboxSender sender) {
        this.jdbc = jdbc;
        this.json = json;
        this.sender = sender;
    }

    /** Stores {@code value} (as JSON) for {@code topic} under {@code key}; must run inside a transaction. */
    public void enqueue(String topic, String key, Object value) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("the outbox is written inside the transaction of the change");
        }
        String text = json.writeValueAsString(value);
        long id = jdbc.sql("INSERT INTO approval_outbox (topic, record_key, value) VALUES (:topic, :key, :value) RETURNING id")
                .param("topic", topic).param("key", key).param("value", text)
                .query(Long.class).single();
        OutboxRecord record = new OutboxRecord(id, topic, key, text);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sender.sendSoon(record);
            }
        });
    }
}
