package dev.gatehouse.proxy.masking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exports {@code gatehouse.masking.matches} (tag {@code detector}: a detector id, {@code field},
 * {@code column} or {@code header}) and {@code gatehouse.masking.bodies} (tag {@code outcome}: what
 * happened to a body: masked, clean, binary, oversize-refused, oversize-passed, ...).
 */
@Component
public class MaskingMetrics {

    public static final String MATCHES = "gatehouse.masking.matches";
    public static final String BODIES = "gatehouse.masking.bodies";

    private final MeterRegistry registry;
    private final Map<String, Counter> matches = new ConcurrentHashMap<>();
    private final Map<String, Counter> bodies = new ConcurrentHashMap<>();

    public MaskingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(MaskingCounts counts) {
        counts.asMap().forEach((id, n) -> matches.computeIfAbsent(id,
                d -> Counter.builder(MATCHES).tag("detector", d).description("values masked, by detector")
                        .register(registry)).increment(n));
    }

    public void record(MaskingReport report) {
        record(report.counts());
        bodies.computeIfAbsent(report.outcome(), o -> Counter.builder(BODIES).tag("outcome", o)
                .description("bodies seen by masking, by outcome").register(registry)).increment();
    }
}
