package dev.gatehouse.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Three Apache Kafka brokers in KRaft mode from Kafka's own server artifact (kafka_2.13), each broker and
 * controller in one process, as a small production cluster runs them: every topic replicated three times and
 * a write acknowledged once two replicas have it, so one broker may die and nothing acknowledged is lost, and
 * with two gone producers with {@code acks=all} are refused rather than written to one copy.
 */
final class KafkaQuorum {

    private final Layout layout;
    private final List<String> javaCommand;

    KafkaQuorum(Layout layout, List<String> javaCommand) {
        this.layout = layout;
        this.javaCommand = javaCommand;
    }

    /** Writes each broker's configuration and formats its log directory with one cluster id. */
    void prepare() {
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        List<Process> formats = new ArrayList<>();
        for (int node = 1; node <= Layout.BROKERS; node++) {
            Path properties = writeProperties(node);
            List<String> format = new ArrayList<>(javaCommand);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", clusterId,
                    "-c", properties.toString()));
            try {
                formats.add(new ProcessBuilder(format).redirectErrorStream(true)
                        .redirectOutput(layout.logs().resolve("kafka-" + node + "-format.log").toFile()).start());
            } catch (IOException e) {
                throw new UncheckedIOException("could not format broker " + node, e);
            }
        }
        for (int node = 1; node <= formats.size(); node++) {
            try {
                if (formats.get(node - 1).waitFor() != 0) {
                    throw new IllegalStateException("formatting broker " + node + " failed: see "
                            + layout.logs().resolve("kafka-" + node + "-format.log"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    List<Supervised> brokers() {
        List<Supervised> brokers = new ArrayList<>();
        for (int node = 1; node <= Layout.BROKERS; node++) {
            List<String> command = new ArrayList<>(javaCommand);
            command.addAll(List.of("kafka.Kafka", properties(node).toString()));
            brokers.add(new Supervised("kafka-" + node, command, java.util.Map.of(), layout));
        }
        return brokers;
    }

    private Path properties(int node) {
        return layout.data().resolve("kafka-" + node + ".properties");
    }

    private Path writeProperties(int node) {
        StringJoiner voters = new StringJoiner(",");
        for (int voter = 1; voter <= Layout.BROKERS; voter++) {
            voters.add(voter + "@" + Layout.HOST + ":" + Layout.controllerPort(voter));
        }
        String text = """
                process.roles=broker,controller
                node.id=%d
                controller.quorum.voters=%s
                listeners=PLAINTEXT://%s:%d,CONTROLLER://%s:%d
                advertised.listeners=PLAINTEXT://%s:%d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%s
                num.partitions=3
                default.replication.factor=3
                min.insync.replicas=2
                offsets.topic.replication.factor=3
                transaction.state.log.replication.factor=3
                transaction.state.log.min.isr=2
                share.coordinator.state.topic.replication.factor=3
                share.coordinator.state.topic.min.isr=2
                unclean.leader.election.enable=false
                group.initial.rebalance.delay.ms=0
                """.formatted(node, voters, Layout.HOST, Layout.brokerPort(node), Layout.HOST,
                Layout.controllerPort(node), Layout.HOST, Layout.brokerPort(node),
                layout.data().resolve("kafka-" + node));
        try {
            Files.writeString(properties(node), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties(node);
    }
}
