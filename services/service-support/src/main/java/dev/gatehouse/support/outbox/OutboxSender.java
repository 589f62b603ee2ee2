package dev.gatehouse.support.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands outbox records to Kafka. Fresh records go out at once from a sending thread of their own, in
 * the order they were committed, without waiting for the acknowledgement; the acknowledgement marks them
 * sent from another thread, so the request thread waits on neither Kafka nor the database, and the
 * producer's network thread never waits on the database. {@code KafkaTemplate.send} itself can block: the
 * first send after a start creates the producer and waits for the topic's metadata (up to
 * {@code max.block.ms}); on the request thread that held approval-service's answer to the proxy past the
 * proxy's timeout after each restart (the approval-kill drill, docs/reliability.md).
 */
class OutboxSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final KafkaTemplate<String, String> kafka;
    private final JdbcClient jdbc;
    private final String markSent;
    private final ExecutorService sending;
    private final ExecutorService marker;

    OutboxSender(KafkaTemplate<String, String> kafka, JdbcClient jdbc, String table) {
        this.kafka = kafka;
        this.jdbc = jdbc;
        this.markSent = "UPDATE " + table + " SET sent_at = now() WHERE id IN (:ids) AND sent_at IS NULL";
        this.sending = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name(table.replace('_', '-') + "-sender").daemon().factory());
        this.marker = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name(table.replace('_', '-') + "-marker").daemon().factory());
    }

    /** Sends without waiting; a record Kafka refuses stays unsent for the next retry round. */
    void sendSoon(OutboxRecord record) {
        try {
            sending.execute(() -> send(record));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("outbox record {} left for the retry round: the sender is closing", record.id());
        }
    }

    private void send(OutboxRecord record) {
        try {
            kafka.send(record.topic(), record.key(), record.value()).whenComplete((result, failure) -> {
                if (failure == null) {
                    marker.execute(() -> markSent(List.of(record.id())));
                } else {
                    log.warn("outbox record {} for {} not acknowledged, will retry: {}", record.id(), record.topic(),
                            failure.getClass().getSimpleName());
                }
            });
        } catch (RuntimeException e) {
            log.warn("outbox record {} for {} not sent, will retry: {}", record.id(), record.topic(),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Sends in order, each after the previous one was acknowledged, and stops at the first record
     * Kafka does not take in time: later records are not sent ahead of it (a consumer sees them in
     * table order), and a round against an absent broker costs one timeout, not one per record.
     * Returns the ids Kafka acknowledged.
     */
    List<Long> sendInOrder(List<OutboxRecord> records, long timeoutMillis) {
        List<Long> acknowledged = new ArrayList<>();
        for (OutboxRecord record : records) {
            try {
                kafka.send(record.topic(), record.key(), record.value()).get(timeoutMillis, TimeUnit.MILLISECONDS);
                acknowledged.add(record.id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                log.warn("outbox record {} for {} still not acknowledged: {}", record.id(), record.topic(),
                        cause.getClass().getSimpleName());
                break;
            }
        }
        return acknowledged;
    }

    void markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            jdbc.sql(markSent).param("ids", ids).update();
        } catch (RuntimeException e) {
            // Harmless: the retry will send these again, and consumers tolerate duplicates (fixed event ids).
            log.warn("could not mark outbox records sent: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() throws InterruptedException {
        sending.shutdown();
        sending.awaitTermination(2, TimeUnit.SECONDS);
        marker.shutdown();
        marker.awaitTermination(2, TimeUnit.SECONDS);
    }
}
