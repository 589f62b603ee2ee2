package dev.gatehouse.cluster.drill;

import dev.gatehouse.cluster.Layout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Whether the ledger (consumer group {@value #GROUP}) has committed everything the audit topic holds. */
final class LedgerLag implements AutoCloseable {

    static final String GROUP = "gatehouse-audit";
    static final String TOPIC = "gatehouse.audit.v1";

    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Layout.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));

    boolean caughtUp() throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(java.util.List.of(TOPIC)).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().stream().map(info -> new TopicPartition(TOPIC, info.partition()))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            var ends = admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata done = committed.get(end.getKey());
                return end.getValue().offset() == 0 || (done != null && done.offset() >= end.getValue().offset());
            });
        } catch (ExecutionException | TimeoutException e) {
            return false; // a broker or the group is not answering: not known to be caught up
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
