package dev.gatehouse.testkit;

import dev.gatehouse.model.Topics;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Map;

/** A real Kafka broker (KRaft) inside the test JVM, with Gatehouse's topics created. */
final class EmbeddedKafka implements KafkaFixture {

    private final EmbeddedKafkaKraftBroker broker;
    private boolean stopped;

    EmbeddedKafka() {
        this(0);
    }

    EmbeddedKafka(int port) {
        broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.AUDIT, Topics.APPROVALS);
        if (port > 0) {
            broker.kafkaPorts(port);
        }
        broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "log.retention.hours", "1"));
        broker.afterPropertiesSet();
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public synchronized void close() {
        if (!stopped) {
            stopped = true;
            broker.destroy();
        }
    }

    /** For the local stack: a broker on a fixed port. */
    static KafkaFixture onPort(int port) {
        return new EmbeddedKafka(port);
    }
}
