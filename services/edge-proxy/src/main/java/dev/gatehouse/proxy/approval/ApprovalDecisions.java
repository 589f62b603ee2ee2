package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.ApprovalDecided;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collection;

/**
 * Feeds {@link ApprovalDecided} records of {@code gatehouse.approvals.v1} to {@link HeldApprovals}.
 * On assignment the partitions' start offsets are fixed first and only then are the held approvals
 * re-read over REST: a decision published in between is then either in the topic after that offset
 * or visible to the read, never lost between the two.
 */
@Component
class ApprovalDecisions implements MessageListener<String, String>, ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(ApprovalDecisions.class);

    private final HeldApprovals held;
    private final JsonMapper json;
    private volatile boolean assigned;

    ApprovalDecisions(HeldApprovals held, JsonMapper json) {
        this.held = held;
        this.json = json;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        ApprovalDecided decision;
        try {
            decision = json.readValue(record.value(), ApprovalDecided.class);
        } catch (RuntimeException e) {
            // An unreadable record must not stop the listener; the REST re-check still finds the decision.
            log.warn("ignoring unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        held.decided(decision);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(consumer::position);
        assigned = true;
        held.recheckAll().subscribe();
    }

    /** True once this replica reads the topic (tests wait for it before publishing a decision). */
    boolean assigned() {
        return assigned;
    }
}
