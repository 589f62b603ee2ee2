package dev.gatehouse.proxy.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/**
 * Publishes audit events to {@link Topics#AUDIT}, keyed by session id so a session stays ordered on one
 * partition. {@code KafkaProducer.send} may block on metadata for up to {@code max.block.ms}, so it
 * runs on the bounded-elastic scheduler and never on a Netty event loop.
 */
@Component
public class AuditPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final AuditProperties properties;
    private final AuditSpool spool;

    AuditPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, AuditProperties properties, AuditSpool spool) {
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
        this.spool = spool;
    }

    /** Completes once the broker acknowledged the event (write-ahead); else {@link AuditNotAcknowledged}. */
    public Mono<Void> publish(AuditEvent event) {
        return publish(event, properties.ackTimeout());
    }

    /**
     * For refusals: waits briefly for the acknowledgement, and spools the event when none comes. Never
     * fails, since the refusal goes out either way.
     */
    public Mono<Void> publishDecision(AuditEvent event) {
        return publish(event, properties.decisionAckTimeout())
                .onErrorResume(AuditNotAcknowledged.class, e -> spool(event));
    }

    /** Sends without holding the caller; an event Kafka does not acknowledge goes to the disk spool. */
    public void publishAsync(AuditEvent event) {
        publish(event).onErrorResume(AuditNotAcknowledged.class, e -> spool(event)).subscribe();
    }

    // Disk writes block: keep them off the event loop and the parallel scheduler.
    private Mono<Void> spool(AuditEvent event) {
        return Mono.fromRunnable(() -> spool.append(event)).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private Mono<Void> publish(AuditEvent event, Duration timeout) {
        return Mono.fromFuture(() -> kafka.send(Topics.AUDIT, event.sessionId(), json.writeValueAsString(event)))
                .subscribeOn(Schedulers.boundedElastic())
                // the ack arrives on the producer's network thread: leave it at once
                .publishOn(Schedulers.parallel())
                .timeout(timeout)
                .then()
                .onErrorMap(e -> new AuditNotAcknowledged("audit event " + event.id() + " (" + event.kind()
                        + ") not acknowledged: " + e.getClass().getSimpleName(), e));
    }
}
