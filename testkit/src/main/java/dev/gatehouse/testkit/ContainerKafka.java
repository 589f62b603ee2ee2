package dev.gatehouse.testkit;

import dev.gatehouse.model.Topics;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.kafka.KafkaContainer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Kafka from Testcontainers, for machines with Docker ({@code -Dgatehouse.testinfra=containers}). */
final class ContainerKafka implements KafkaFixture {

    static final String IMAGE = "apache/kafka:4.1.1";

    private final KafkaContainer container = new KafkaContainer(IMAGE);

    ContainerKafka() {
        container.start();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.AUDIT, 3, (short) 1),
                    new NewTopic(Topics.APPROVALS, 3, (short) 1))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
