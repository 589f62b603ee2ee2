package dev.gatehouse.audit.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards poison records to {@value #TOPIC}, unchanged (key and value as received), with the reason
 * and the original coordinates in headers. Waits for the broker's acknowledgement: the listener only
 * returns (and the batch's offsets are committed) once every poison record is in the dead-letter topic,
 * so none is silently skipped; a failure redelivers the batch (the database side is idempotent).
 */
@Component
class DeadLetters {

    static final String TOPIC = "gatehouse.audit.dlq.v1";
    static final String REASON = "gatehouse-dlq-reason";
    static final String ORIGIN = "gatehouse-dlq-origin";

    private final KafkaTemplate<String, String> kafka;

    DeadLetters(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    void forward(List<ConsumerRecord<String, String>> records, List<IncomingRecord.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (IncomingRecord.Rejected reject : rejected) {
            ConsumerRecord<String, String> original = find(records, reject);
            var record = new ProducerRecord<>(TOPIC, original == null ? null : original.key(),
                    original == null ? reject.raw() : original.value());
            record.headers().add(REASON, reject.reason().getBytes(StandardCharsets.UTF_8));
            record.headers().add(ORIGIN, (reject.topic() + "-" + reject.partition() + "@" + reject.offset())
                    .getBytes(StandardCharsets.UTF_8));
            sent.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + TOPIC, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send poison records to " + TOPIC, e);
        }
    }

    private static ConsumerRecord<String, String> find(List<ConsumerRecord<String, String>> records,
                                                       IncomingRecord.Rejected reject) {
        return records.stream().filter(r -> r.partition() == reject.partition() && r.offset() == reject.offset()
                && r.topic().equals(reject.topic())).findFirst().orElse(null);
    }
}
