package dev.gatehouse.testkit;

/** A running Kafka broker (KRaft). */
public interface KafkaFixture extends AutoCloseable {

    String bootstrapServers();

    /** Stops the broker, for tests of what happens when Kafka is unreachable. Not restartable. */
    @Override
    void close();

    /** The JVM-wide broker: started once, shared by every test class, stopped at JVM exit. */
    static KafkaFixture shared() {
        return Shared.KAFKA.get();
    }

    /** A broker of its own, for a test that stops it. */
    static KafkaFixture dedicated() {
        return TestInfra.containers() ? new ContainerKafka() : new EmbeddedKafka();
    }
}
