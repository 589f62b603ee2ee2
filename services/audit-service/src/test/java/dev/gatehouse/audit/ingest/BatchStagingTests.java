package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.audit.ledger.LeafDocument;
import dev.gatehouse.audit.ledger.StagedEvent;
import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Topics;
import dev.gatehouse.model.Verdict;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Staging on helper threads must give what the listener's thread alone gives, in record order: the chain links them in that order. */
class BatchStagingTests {

    private final AuditRecordParser parser = new AuditRecordParser(AuditTestSupport.JSON);

    @Test
    void slicesStagedOnHelpersKeepRecordOrderAndRejects() {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        List<UUID> expected = new ArrayList<>();
        List<Long> expectedRejected = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            if (i % 7 == 3) {
                records.add(record(i, "{not an event " + i));
                expectedRejected.add((long) i);
                continue;
            }
            AuditEvent event = AuditTestSupport.event("s-" + (i % 5), i, Instant.parse("2030-01-01T00:00:00Z")
                    .plusMillis(i), AuditEventKind.REQUEST, "pg", "alice", Verdict.ALLOW);
            records.add(record(i, AuditTestSupport.JSON.writeValueAsString(event)));
            expected.add(event.id());
        }
        BatchStaging helped = staging(3);
        BatchStaging alone = staging(0);
        try {
            StagedPoll many = helped.stage(records);
            StagedPoll one = alone.stage(records);

            List<List<StagedEvent>> slices = new ArrayList<>();
            many.events().forEach(slices::add);
            assertThat(slices).hasSize((1_001 + BatchStaging.SLICE - 1) / BatchStaging.SLICE);
            List<StagedEvent> events = slices.stream().flatMap(List::stream).toList();
            List<StagedEvent> single = new ArrayList<>();
            one.events().forEach(single::addAll);
            assertThat(events).extracting(staged -> staged.row().id()).containsExactlyElementsOf(expected);
            assertThat(many.rejected()).extracting(IncomingRecord.Rejected::offset)
                    .containsExactlyElementsOf(expectedRejected);
            assertThat(many.hasEvents()).isTrue();
            byte[] prev = new byte[32];
            for (int i = 0; i < expected.size(); i++) {
                StagedEvent a = events.get(i);
                assertThat(a.row()).isEqualTo(single.get(i).row());
                assertThat(a.copyColumns()).isEqualTo(single.get(i).copyColumns());
                // Salts are random per staging: each leaf is checked against its own payload hash.
                assertThat(a.leaf().leafHash(prev))
                        .isEqualTo(LeafHash.leafHash(LeafDocument.fromColumns(a.row()), a.payloadHash(), prev));
            }
        } finally {
            helped.destroy();
            alone.destroy();
        }
    }

    @Test
    void aPollOfRejectsOnlyHasNoEvents() {
        BatchStaging staging = staging(2);
        try {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                records.add(record(i, "null"));
            }
            StagedPoll poll = staging.stage(records);

            assertThat(poll.hasEvents()).isFalse();
            assertThat(poll.rejected()).hasSize(600);
        } finally {
            staging.destroy();
        }
    }

    private BatchStaging staging(int helpers) {
        return new BatchStaging(parser, AuditTestSupport.JSON, new AuditIngestProperties("g", 1, helpers));
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>(Topics.AUDIT, 0, offset, "key", value);
    }
}
