package dev.gatehouse.approval.outbox;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Hands outbox records to Kafka. Fresh records go out at once, without waiting for the
 * acknowledgement; the acknowledgement marks them sent from a thread of its own, so neither the
 * request thread nor the producer's network thread ever waits on the database.
 */
@Component
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final KafkaTemplate<String, String> kafka;
    private final JdbcClient jdbc;
    private final ExecutorService marker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("approval-outbox-marker").daemon().factory());

    OutboxSender(KafkaTemplate<String, String> kafka, JdbcClient jdbc) {
        this.kafka = kafka;
        this.jdbc = jdbc;
    }

    /** Sends without waiting; a record Kafka refuses stays unsent for {@link OutboxRetry}. */
    void sendSoon(OutboxRecord record) {
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

    /** Sends in order and waits for every acknowledgement; returns the ids Kafka acknowledged. */
    List<Long> sendAndWait(List<OutboxRecord> records, long timeoutMillis) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (OutboxRecord record : records) {
            sends.add(kafka.send(record.topic(), record.key(), record.value()));
        }
        List<Long> acknowledged = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < records.size(); i++) {
            try {
                sends.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(records.get(i).id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                log.warn("outbox record {} for {} still not acknowledged: {}", records.get(i).id(),
                        records.get(i).topic(), e.getClass().getSimpleName());
            }
        }
        return acknowledged;
    }

    void markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            jdbc.sql("UPDATE approval_outbox SET sent_at = now() WHERE id IN (:ids) AND sent_at IS NULL")
                    .param("ids", ids).update();
        } catch (RuntimeException e) {
            // Harmless: the retry will send these again, and consumers tolerate duplicates (fixed event ids).
            log.warn("could not mark outbox records sent: {}", e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        marker.shutdown();
        marker.awaitTermination(2, TimeUnit.SECONDS);
    }
}
