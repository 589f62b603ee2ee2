package dev.gatehouse.testkit;

import dev.gatehouse.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads the audit topic from the beginning, so tests can assert which events a service published. */
public final class AuditTopic implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    /** {@code seen}'s values, each parsed once: every suite's events share one topic, tens of thousands of them. */
    private final List<JsonNode> parsed = new ArrayList<>();

    public AuditTopic(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                // the whole suite's events share the topic (some with 64 KB payloads): read it in large fetches
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * The first event (raw record) matching, waiting up to {@link #WAIT}: late in a full run the topic holds
     * every earlier test's events, and reading up to the new ones takes time on a loaded machine.
     */
    public synchronized ConsumerRecord<String, String> await(Predicate<JsonNode> matching) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int checked = 0;
        while (true) {
            // each event is tested once per call: rescanning everything after every poll was quadratic
            for (; checked < seen.size(); checked++) {
                if (matching.test(parsed.get(checked))) {
                    return seen.get(checked);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching audit event among " + seen.size() + "; " + positions());
            }
            poll();
        }
    }

    /**
     * Where this reader is against the broker's end offsets: at the end, the event was never published; behind,
     * the reader did not get through the topic in time (what a failed {@link #await} needs to say).
     */
    private String positions() {
        try {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(15));
            StringBuilder text = new StringBuilder("read/end offsets:");
            for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
                text.append(' ').append(partition.getKey().partition()).append('=')
                        .append(consumer.position(partition.getKey(), Duration.ofSeconds(15))).append('/')
                        .append(partition.getValue());
            }
            return text.toString();
        } catch (RuntimeException e) {
            return "offsets unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * Every event on the topic at the time of the call: reads up to the end offsets the broker reports
     * now, so a "never contains" check sees every event published before it, not only what one poll
     * happened to return. Fails (after {@link #WAIT}) rather than returning a partial trail.
     */
    public synchronized String everything() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(15));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the audit topic was not read to its end offsets " + end + " within " + WAIT.toSeconds() + " s"
                        + " (read " + seen.size() + " events)");
            }
            poll();
        }
        StringBuilder all = new StringBuilder();
        seen.forEach(record -> all.append(record.key()).append('=').append(record.value()).append('\n'));
        return all.toString();
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
            seen.add(record);
            parsed.add(parse(record.value()));
        });
    }

    /** A record that is not JSON (a poison record of a dead-letter test) matches nothing, and fails no reader. */
    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (RuntimeException notJson) {
            return JSON.createObjectNode();
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey(), Duration.ofSeconds(15)) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    public static JsonNode json(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value());
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
