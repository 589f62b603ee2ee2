package dev.gatehouse.proxy.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Topics;
import dev.gatehouse.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publisher against a real broker and an unreachable one: write-ahead events fail when not
 * acknowledged (never spooled, the action must not happen), after-the-fact events are spooled, and a
 * session's events reach the topic in the order they were published, whichever kind.
 */
class AuditPublisherTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path directory;

    @Test
    void aWriteAheadEventTheBrokerDoesNotAcknowledgeFailsAndIsNotSpooled() throws Exception {
        AuditSpool spool = spool(template("127.0.0.1:1"));
        AuditPublisher publisher = publisher(template("127.0.0.1:1"), spool);
        try {
            assertThatThrownBy(() -> publisher.publish(event("s-down", 1)).block(Duration.ofSeconds(10)))
                    .isInstanceOf(AuditNotAcknowledged.class);
            assertThat(spool.pendingEvents()).isZero();
        } finally {
            publisher.destroy();
        }
    }

    @Test
    void anAfterTheFactEventTheBrokerDoesNotAcknowledgeIsSpooled() throws Exception {
        AuditSpool spool = spool(template("127.0.0.1:1"));
        AuditPublisher publisher = publisher(template("127.0.0.1:1"), spool);
        try {
            publisher.publishAsync(event("s-down-async", 1));

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> spool.pendingEvents() == 1);
        } finally {
            publisher.destroy();
        }
    }

    @Test
    void aSessionsEventsReachTheTopicInTheOrderTheyWerePublished() throws Exception {
        KafkaFixture kafka = KafkaFixture.shared();
        KafkaTemplate<String, String> template = template(kafka.bootstrapServers());
        AuditPublisher publisher = publisher(template, spool(template));
        String session = "s-order-" + Long.toString(System.nanoTime(), 36);
        List<String> published = new ArrayList<>();
        try {
            for (int seq = 1; seq <= 60; seq++) {
                AuditEvent event = event(session, seq);
                published.add(event.id().toString());
                if (seq % 3 == 0) {
                    publisher.publish(event).block(Duration.ofSeconds(10)); // a write-ahead REQUEST waits
                } else {
                    publisher.publishAsync(event); // RESPONSEs and ASYNC reads do not
                }
            }
            assertThat(consumeIds(kafka, session, published.size())).containsExactlyElementsOf(published);
        } finally {
            publisher.destroy();
        }
    }

    @Test
    void eventsNobodyWaitsForShareAProduceRequestButNeverHoldAWriteAheadOne() throws Exception {
        KafkaFixture kafka = KafkaFixture.shared();
        KafkaTemplate<String, String> template = template(kafka.bootstrapServers());
        // a linger far longer than the write-ahead wait below: if the gathering held it, the block would fail
        AuditPublisher publisher = lingering(template, Duration.ofSeconds(60));
        String session = "s-linger-" + Long.toString(System.nanoTime(), 36);
        try {
            AuditEvent response = event(session, 1);
            AuditEvent read = event(session, 2);
            AuditEvent request = event(session, 3);
            publisher.publishAsync(response);
            publisher.publishAsync(read);
            long start = System.nanoTime();
            publisher.publish(request).block(Duration.ofSeconds(10));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(consumeIds(kafka, session, 3))
                    .containsExactly(response.id().toString(), read.id().toString(), request.id().toString());
        } finally {
            publisher.destroy();
        }
    }

    @Test
    void anEventNobodyWaitsForGoesOutWhenItsLingerEndsAndAtShutdown() throws Exception {
        KafkaFixture kafka = KafkaFixture.shared();
        KafkaTemplate<String, String> template = template(kafka.bootstrapServers());
        AuditPublisher publisher = lingering(template, Duration.ofMillis(200));
        String session = "s-alone-" + Long.toString(System.nanoTime(), 36);
        AuditEvent alone = event(session, 1);
        publisher.publishAsync(alone);
        assertThat(consumeIds(kafka, session, 1)).containsExactly(alone.id().toString());

        AuditEvent last = event(session, 2);
        publisher.publishAsync(last);
        publisher.destroy(); // handed over before the thread stops: STOP ends the linger
        template.flush();
        assertThat(consumeIds(kafka, session, 2)).containsExactly(alone.id().toString(), last.id().toString());
    }

    @Test
    void aFullSendQueueRefusesAtOnceInsteadOfHoldingTheEventInMemory() throws Exception {
        StalledTemplate stalled = new StalledTemplate();
        AuditProperties properties = new AuditProperties(Duration.ofSeconds(3), Duration.ofSeconds(1), directory, 2, null);
        AuditSpool spool = new AuditSpool(properties, template("127.0.0.1:1"), json, new SimpleMeterRegistry());
        AuditPublisher publisher = new AuditPublisher(stalled, json, properties, spool);
        try {
            publisher.publishAsync(event("s-full", 1)); // taken by the sender thread, which stalls in send
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalled.sent.size() == 1);
            publisher.publishAsync(event("s-full", 2)); // queued
            publisher.publishAsync(event("s-full", 3)); // queued: the queue (2) is full now

            assertThatThrownBy(() -> publisher.publish(event("s-full", 4)).block(Duration.ofSeconds(10)))
                    .isInstanceOf(AuditNotAcknowledged.class)
                    .hasRootCauseInstanceOf(RejectedExecutionException.class);
            publisher.publishAsync(event("s-full", 5)); // nothing waits for it: spooled, not dropped
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> spool.pendingEvents() == 1);

            stalled.release.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalled.sent.size() == 3);
            assertThat(stalled.sent).containsExactly("s-full/1", "s-full/2", "s-full/3");
        } finally {
            stalled.release.countDown();
            publisher.destroy();
        }
    }

    @Test
    void aWriteAheadEventWhoseCallerStoppedWaitingIsNeverSent() throws Exception {
        StalledTemplate stalled = new StalledTemplate();
        AuditProperties properties = new AuditProperties(Duration.ofMillis(300), Duration.ofSeconds(1), directory, null, null);
        AuditPublisher publisher = new AuditPublisher(stalled, json, properties, spool(template("127.0.0.1:1")));
        try {
            publisher.publishAsync(event("s-gave-up", 1));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalled.sent.size() == 1);
            // queued behind the stalled send; the caller's wait ends first and its request is refused
            assertThatThrownBy(() -> publisher.publish(event("s-gave-up", 2)).block(Duration.ofSeconds(10)))
                    .isInstanceOf(AuditNotAcknowledged.class);

            stalled.release.countDown();
            publisher.publishAsync(event("s-gave-up", 3));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalled.sent.size() == 2);
            assertThat(stalled.sent).containsExactly("s-gave-up/1", "s-gave-up/3");
        } finally {
            stalled.release.countDown();
            publisher.destroy();
        }
    }

    /** A producer that stalls in {@code send} until released, as one waiting on a broker's metadata does. */
    private final class StalledTemplate extends KafkaTemplate<String, String> {

        final CountDownLatch release = new CountDownLatch(1);
        final List<String> sent = new CopyOnWriteArrayList<>();

        StalledTemplate() {
            super(new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", "127.0.0.1:1"),
                    new StringSerializer(), new StringSerializer()));
        }

        @Override
        public CompletableFuture<SendResult<String, String>> send(
                String topic, String key, String data) {
            AuditEvent event = json.readValue(data, AuditEvent.class);
            sent.add(event.sessionId() + "/" + event.seq());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    private AuditPublisher lingering(KafkaTemplate<String, String> template, Duration asyncLinger) {
        AuditProperties properties = new AuditProperties(Duration.ofSeconds(3), Duration.ofSeconds(1), directory,
                null, asyncLinger);
        return new AuditPublisher(template, json, properties, spool(template));
    }

    private AuditPublisher publisher(KafkaTemplate<String, String> template, AuditSpool spool) {
        return new AuditPublisher(template, json, properties(), spool);
    }

    private AuditSpool spool(KafkaTemplate<String, String> template) {
        return new AuditSpool(properties(), template, json, new SimpleMeterRegistry());
    }

    private AuditProperties properties() {
        return new AuditProperties(Duration.ofSeconds(3), Duration.ofSeconds(1), directory, null, null);
    }

    private static KafkaTemplate<String, String> template(String bootstrap) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "max.block.ms", 1000,
                "request.timeout.ms", 1000, "delivery.timeout.ms", 2000, "acks", "all", "linger.ms", 1,
                "compression.type", "lz4");
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()));
    }

    private static AuditEvent event(String sessionId, long seq) {
        return new AuditEvent(Ids.uuidV7(), sessionId, seq, Instant.now(), AuditEventKind.RESPONSE,
                new CallerIdentity("https://ci.example", "agent", Map.of()), "echo", null, null, null, null, null,
                null, null, 200, 5L);
    }

    private List<String> consumeIds(KafkaFixture kafka, String sessionId, int expected) {
        Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "publisher-test-" + Long.toString(System.nanoTime(), 36), "auto.offset.reset", "earliest");
        List<String> ids = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ids.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    if (sessionId.equals(record.key())) {
                        ids.add(json.readValue(record.value(), AuditEvent.class).id().toString());
                    }
                });
            }
        }
        return ids;
    }
}
