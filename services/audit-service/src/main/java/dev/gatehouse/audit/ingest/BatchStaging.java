package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.ledger.EventColumns;
import dev.gatehouse.audit.ledger.StagedEvent;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Operation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns one poll's records into staged ledger events or rejections: parsing, mapping to columns, the
 * leaf's canonical JSON, the payload hash and the COPY text are per record and most of the JVM's work for
 * a stored event. A poll is cut into slices of {@value #SLICE} records staged on {@code stage-threads}
 * helper threads while the listener's thread, holding the append lock, writes the slices already staged:
 * PostgreSQL starts on the first slice instead of idling until the whole poll is parsed. Record order is
 * kept (slices are written in order); the chain is only linked under the lock.
 */
@Component
class BatchStaging implements DisposableBean {

    /** Big enough that a hand-off costs nothing next to it, small enough that the first is ready soon. */
    static final int SLICE = 250;

    private final AuditRecordParser parser;
    private final JsonMapper json;
    private final ExecutorService helpers;

    BatchStaging(AuditRecordParser parser, JsonMapper json, AuditIngestProperties properties) {
        this.parser = parser;
        this.json = json;
        AtomicInteger n = new AtomicInteger();
        this.helpers = properties.stageThreads() == 0 ? null
                : Executors.newFixedThreadPool(properties.stageThreads(), task -> {
                    Thread thread = new Thread(task, "audit-stage-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Starts staging {@code records}; a poll of one slice (or no helpers) is staged here and now. */
    StagedPoll stage(List<ConsumerRecord<String, String>> records) {
        if (helpers == null || records.size() <= SLICE) {
            return new StagedPoll(List.of(CompletableFuture.completedFuture(slice(records))));
        }
        List<CompletableFuture<StagedPoll.Slice>> slices = new ArrayList<>();
        for (int from = 0; from < records.size(); from += SLICE) {
            List<ConsumerRecord<String, String>> part = records.subList(from, Math.min(records.size(), from + SLICE));
            slices.add(CompletableFuture.supplyAsync(() -> slice(part), helpers));
        }
        return new StagedPoll(slices);
    }

    private StagedPoll.Slice slice(List<ConsumerRecord<String, String>> records) {
        List<EventColumns> rows = new ArrayList<>(records.size());
        List<IncomingRecord.Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            switch (parser.parse(record)) {
                case IncomingRecord.Accepted accepted -> rows.add(columns(accepted.event()));
                case IncomingRecord.Rejected reject -> rejected.add(reject);
            }
        }
        return new StagedPoll.Slice(StagedEvent.stage(rows), rejected);
    }

    private EventColumns columns(AuditEvent event) {
        CallerIdentity identity = event.identity();
        Operation operation = event.operation();
        return new EventColumns(event.id(), event.sessionId(), event.seq(), event.occurredAt(), event.kind().name(),
                identity == null ? null : identity.issuer(),
                identity == null ? null : identity.subject(),
                identity == null ? null : json.writeValueAsString(identity.claims()),
                event.connection() != null ? event.connection() : operation == null ? null : operation.connection(),
                event.protocol() != null ? event.protocol().name()
                        : operation == null ? null : operation.protocol().name(),
                operation == null ? null : json.writeValueAsString(operation),
                event.verdict() == null ? null : event.verdict().name(),
                event.ruleId(), event.approvalId(), json.writeValueAsString(event.masking()), event.payload(),
                event.status(), event.durationMs(), event.policyVersion(), event.leaseId());
    }

    @Override
    public void destroy() {
        if (helpers != null) {
            helpers.shutdown(); // slices already queued finish: a listener may still be waiting for one
        }
    }
}
