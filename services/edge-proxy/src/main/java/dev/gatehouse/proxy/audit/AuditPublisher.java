package dev.gatehouse.proxy.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(AuditPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final AuditProperties properties;

    AuditPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, AuditProperties properties) {
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
    }

    /** Completes once the broker acknowledged the event (write-ahead); else {@link AuditNotAcknowledged}. */
    public Mono<Void> publish(AuditEvent event) {
        return publish(event, properties.ackTimeout());
    }

    /** Like {@link #publish(AuditEvent)} with the shorter wait used for refusals. */
    public Mono<Void> publishDecision(AuditEvent event) {
        return publish(event, properties.decisionAckTimeout());
    }

    /** Sends without holding the caller; a failure is logged (the disk spool is a later step). */
    public void publishAsync(AuditEvent event) {
        publish(event).subscribe(null, error -> log.warn("audit event {} ({}) not acknowledged: {}",
                event.id(), event.kind(), error.getMessage()));
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
