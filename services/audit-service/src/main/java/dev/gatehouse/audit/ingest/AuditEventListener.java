package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.ledger.LedgerAppended;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@value Topics#AUDIT} in batches. Offsets are committed by the container after this method
 * returns (see {@link IngestConfig}), i.e. only after {@link EventWriter} has committed the batch.
 */
@Component
class AuditEventListener {

    private static final Logger log = LoggerFactory.getLogger(AuditEventListener.class);

    private final AuditRecordParser parser;
    private final EventWriter writer;
    private final DeadLetters deadLetters;
    private final ApplicationEventPublisher publisher;

    AuditEventListener(AuditRecordParser parser, EventWriter writer, DeadLetters deadLetters,
                       ApplicationEventPublisher publisher) {
        this.parser = parser;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
    }

    @KafkaListener(id = "audit-ingest", topics = Topics.AUDIT,
            groupId = "${gatehouse.audit.ingest.group-id:gatehouse-audit}",
            containerFactory = IngestConfig.CONTAINER_FACTORY)
    void onBatch(List<ConsumerRecord<String, String>> records) {
        List<AuditEvent> events = new ArrayList<>(records.size());
        List<IncomingRecord.Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            switch (parser.parse(record)) {
                case IncomingRecord.Accepted accepted -> events.add(accepted.event());
                case IncomingRecord.Rejected reject -> rejected.add(reject);
            }
        }
        long size = writer.store(events, rejected);
        deadLetters.forward(records, rejected);
        if (size > 0) {
            publisher.publishEvent(new LedgerAppended(size));
        }
        // Logged after the commit, with a fixed summary only: the record (and the parser's message
        // quoting it) may be anything a producer sent. The full reason is in rejected_events.
        rejected.forEach(reject -> log.warn("Rejected audit record {}-{}@{}: {} (see rejected_events)",
                reject.topic(), reject.partition(), reject.offset(), reject.summary()));
    }
}
