package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ApprovalVote;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The approvals this replica holds requests for, each with the sink its waiters listen on. Decisions
 * arrive from Kafka ({@link ApprovalDecisions}); so that none is missed (published before this replica
 * listened, or lost), every held approval is also re-read over REST every {@code recheck-interval} and
 * whenever partitions are (re)assigned. Exports {@value #GAUGE}, the number of waiting requests.
 */
@Component
class HeldApprovals implements SmartLifecycle {

    static final String GAUGE = "gatehouse.approvals.held";

    private static final Logger log = LoggerFactory.getLogger(HeldApprovals.class);

    private final ConcurrentHashMap<UUID, Held> held = new ConcurrentHashMap<>();
    private final AtomicInteger waiters = new AtomicInteger();
    private final ApprovalClient client;
    private final ApprovalProperties properties;
    private volatile Disposable rechecks;

    HeldApprovals(ApprovalClient client, ApprovalProperties properties, MeterRegistry meters) {
        this.client = client;
        this.properties = properties;
        Gauge.builder(GAUGE, waiters, AtomicInteger::get)
                .description("requests (HTTP and SQL) held for an approval decision").register(meters);
    }

    /** Registers one waiter; pair with {@link #release}. */
    Mono<ApprovalDecided> hold(UUID id) {
        waiters.incrementAndGet();
        return held.compute(id, (key, current) -> {
            Held h = current == null ? new Held() : current;
            h.waiters++;
            return h;
        }).sink.asMono();
    }

    void release(UUID id) {
        waiters.decrementAndGet();
        held.computeIfPresent(id, (key, h) -> --h.waiters == 0 ? null : h);
    }

    /** A decision from Kafka: wakes whoever holds it here; others' approvals are ignored. */
    void decided(ApprovalDecided decision) {
        if (decision == null || decision.approvalId() == null || decision.status() == null
                || decision.status() == ApprovalStatus.PENDING) {
            return;
        }
        Held h = held.get(decision.approvalId());
        if (h != null) {
            h.emit(decision);
        }
    }

    /** The approval as approval-service has it: a decision when it is no longer pending. */
    void observed(Approval approval) {
        if (approval != null && approval.status() != null && approval.status() != ApprovalStatus.PENDING) {
            decided(asDecision(approval));
        }
    }

    /** Re-reads every held approval; failures are left to the next round. */
    Mono<Void> recheckAll() {
        return Flux.fromIterable(List.copyOf(held.keySet()))
                .flatMap(id -> client.get(id).doOnNext(this::observed).onErrorResume(e -> {
                    log.debug("re-check of approval {} failed: {}", id, e.getMessage());
                    return Mono.empty();
                }), 8)
                .then();
    }

    int waiting() {
        return waiters.get();
    }

    static ApprovalDecided asDecision(Approval approval) {
        ApprovalVote deciding = null;
        for (ApprovalVote vote : approval.votes()) {
            if (vote.decision() == approval.status()) {
                deciding = vote;
            }
        }
        return new ApprovalDecided(approval.id(), approval.status(), approval.sessionId(), approval.fingerprint(),
                deciding == null ? null : deciding.reviewerSubject(), deciding == null ? null : deciding.comment(),
                approval.decidedAt(), approval.auditSeq());
    }

    @Override
    public void start() {
        rechecks = Flux.interval(properties.recheckInterval())
                .onBackpressureDrop()
                .concatMap(tick -> recheckAll(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = rechecks;
        if (running != null) {
            running.dispose();
            rechecks = null;
        }
    }

    @Override
    public boolean isRunning() {
        return rechecks != null;
    }

    private static final class Held {

        private final Sinks.One<ApprovalDecided> sink = Sinks.one();
        private int waiters; // changed only inside ConcurrentHashMap.compute for this key

        // Kafka and a REST re-check may report the same decision at once: the first one wins.
        synchronized void emit(ApprovalDecided decision) {
            sink.tryEmitValue(decision);
        }
    }
}
