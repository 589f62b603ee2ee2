package dev.gatehouse.support.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Transactional outbox on plain JDBC: an event is written in the same transaction as the state change
 * it reports, so it exists if and only if the change does. Right after the commit it is handed to
 * Kafka (no poll interval between a decision and whoever waits for it); {@link #resendUnsent()}, run
 * on the owning service's schedule, re-sends whatever Kafka has not acknowledged, oldest first.
 * {@code FOR UPDATE SKIP LOCKED} keeps two replicas from sending the same rows in the same round; a
 * duplicate now and then is harmless (events carry fixed ids). One instance per outbox table.
 */
public class TransactionalOutbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalOutbox.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionOperations transactions;
    private final OutboxSettings settings;
    private final OutboxSender sender;
    private final String insert;
    private final String due;
    private final String purge;

    public TransactionalOutbox(JdbcClient jdbc, KafkaTemplate<String, String> kafka, JsonMapper json,
                               TransactionOperations transactions, OutboxSettings settings) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
        this.settings = settings;
        this.sender = new OutboxSender(kafka, jdbc, settings.table());
        String table = settings.table();
        this.insert = "INSERT INTO " + table + " (topic, record_key, value) VALUES (:topic, :key, :value) RETURNING id";
        this.due = "SELECT id, topic, record_key, value FROM " + table
                + " WHERE sent_at IS NULL AND created_at < now() - make_interval(secs => :grace)"
                + " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED";
        this.purge = "DELETE FROM " + table + " WHERE sent_at < now() - make_interval(secs => :keep)";
    }

    /** Stores {@code value} (as JSON) for {@code topic} under {@code key}; must run inside a transaction. */
    public void enqueue(String topic, String key, Object value) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("the outbox is written inside the transaction of the change");
        }
        String text = json.writeValueAsString(value);
        long id = jdbc.sql(insert).param("topic", topic).param("key", key).param("value", text)
                .query(Long.class).single();
        OutboxRecord record = new OutboxRecord(id, topic, key, text);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sender.sendSoon(record);
            }
        });
    }

    /**
     * One retry round: sends the unsent records older than the acknowledgement timeout that no other
     * replica holds, marks those Kafka acknowledged, and deletes sent records past their keeping time.
     * Never throws: a failed round is logged and the next one tries again.
     *
     * @return how many records Kafka acknowledged in this round
     */
    public int resendUnsent() {
        try {
            Integer sent = transactions.execute(status -> {
                List<OutboxRecord> records = jdbc.sql(due)
                        .param("grace", settings.ackTimeout().toMillis() / 1000.0).param("limit", settings.batch())
                        .query((rs, n) -> new OutboxRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4)))
                        .list();
                List<Long> acknowledged = sender.sendInOrder(records, settings.ackTimeout().toMillis());
                sender.markSent(acknowledged);
                return acknowledged.size();
            });
            if (sent != null && sent > 0) {
                log.info("outbox {} re-sent {} event(s)", settings.table(), sent);
            }
            jdbc.sql(purge).param("keep", settings.keepSent().toSeconds()).update();
            return sent == null ? 0 : sent;
        } catch (RuntimeException e) {
            log.warn("outbox {} round failed, retrying later: {}", settings.table(), e.getClass().getSimpleName());
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        sender.close();
    }
}
