package dev.gatehouse.proxy.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Publishes audit events to {@link Topics#AUDIT}, keyed by session id so a session stays ordered on one
 * partition. Every event goes through one sender thread ({@link EventSender}), in the order it was
 * published: a session's after-the-fact RESPONSE is handed to the producer before the next statement's
 * write-ahead REQUEST, and {@code KafkaProducer.send}, which may block on metadata for up to
 * {@code max.block.ms}, never runs on a Netty event loop. The thread only serializes and appends to the
 * producer's batch; the producer groups what many sessions send while a request is in flight (batch size,
 * compression: edge-proxy.yml), events nobody waits for are gathered for a few milliseconds
 * ({@code async-linger}) so they share produce requests, and a write-ahead event is never held and still
 * completes only on the broker's acknowledgement of its batch.
 *
 * <p>The thread's queue is bounded ({@code gatehouse.proxy.audit.send-queue}): while Kafka stalls, each
 * {@code send} may block for {@code max.block.ms}, and an unbounded queue would hold every request's event
 * in memory. A full queue fails the event at once, like an unacknowledged one. A write-ahead event whose
 * caller has stopped waiting (timed out, so the operation was refused) is not sent at all: the trail would
 * otherwise show a request that never ran.
 */
@Component
public class AuditPublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final AuditProperties properties;
    private final AuditSpool spool;
    private final EventSender sender;

    AuditPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, AuditProperties properties, AuditSpool spool) {
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
        this.spool = spool;
        this.sender = new EventSender(properties.sendQueue(), properties.asyncLinger());
    }

    /** Completes once the broker acknowledged the event (write-ahead); else {@link AuditNotAcknowledged}. */
    public Mono<Void> publish(AuditEvent event) {
        return publish(event, properties.ackTimeout(), Schedulers.parallel());
    }

    /**
     * As {@link #publish(AuditEvent)}, going on on {@code resumeOn} after the acknowledgement: the caller's
     * own event loop, so the operation continues where its connection lives without a second hop through
     * the parallel scheduler (one thread hand-off fewer on the write-ahead path, issue 16 and 22).
     */
    public Mono<Void> publish(AuditEvent event, Executor resumeOn) {
        return publish(event, properties.ackTimeout(), Schedulers.fromExecutor(resumeOn));
    }

    /**
     * For refusals: waits briefly for the acknowledgement, and spools the event when none comes. Never
     * fails, since the refusal goes out either way.
     */
    public Mono<Void> publishDecision(AuditEvent event) {
        return publish(event, properties.decisionAckTimeout(), Schedulers.parallel())
                .onErrorResume(AuditNotAcknowledged.class, e -> spool(event));
    }

    /**
     * Sends without holding the caller; an event Kafka does not acknowledge goes to the disk spool. The
     * producer's own limits ({@code max.block.ms} + {@code delivery.timeout.ms}) bound how long that takes.
     */
    public void publishAsync(AuditEvent event) {
        send(event, false).whenComplete((done, error) -> {
            if (error != null) {
                log.debug("audit event {} ({}) not acknowledged: {}", event.id(), event.kind(),
                        error.getClass().getSimpleName());
                // the failure arrives on the producer's network thread: the disk write happens elsewhere
                Schedulers.boundedElastic().schedule(() -> spool.append(event));
            }
        });
    }

    // Disk writes block: keep them off the event loop and the parallel scheduler.
    private Mono<Void> spool(AuditEvent event) {
        return Mono.fromRunnable(() -> spool.append(event)).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private Mono<Void> publish(AuditEvent event, Duration timeout, Scheduler resumeOn) {
        return Mono.fromFuture(() -> send(event, true))
                // the ack arrives on the producer's network thread: leave it at once
                .publishOn(resumeOn)
                .timeout(timeout)
                .onErrorMap(e -> new AuditNotAcknowledged("audit event " + event.id() + " (" + event.kind()
                        + ") not acknowledged: " + e.getClass().getSimpleName(), e));
    }

    /**
     * Completes when the broker acknowledged the event, exceptionally when it did not; {@code waitedFor}:
     * a caller holds its operation until then, so the sender may not keep the event back for company.
     */
    private CompletableFuture<Void> send(AuditEvent event, boolean waitedFor) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        boolean queued = sender.offer(() -> {
            if (acknowledged.isDone()) {
                return; // the caller gave up waiting (its operation was refused): nothing to record
            }
            try {
                kafka.send(Topics.AUDIT, event.sessionId(), json.writeValueAsString(event))
                        .whenComplete((result, error) -> {
                            if (error == null) {
                                acknowledged.complete(null);
                            } else {
                                acknowledged.completeExceptionally(error);
                            }
                        });
            } catch (RuntimeException e) {
                acknowledged.completeExceptionally(e);
            }
        }, waitedFor);
        if (!queued) { // queue full (Kafka stalled) or shutting down
            acknowledged.completeExceptionally(new RejectedExecutionException("the audit send queue is full or closed"));
        }
        return acknowledged;
    }

    @Override
    public void destroy() throws InterruptedException {
        // what was handed over before shutdown still reaches the producer, which flushes it on close
        sender.stop(properties.ackTimeout());
    }
}
