package dev.gatehouse.bench.masking;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.proxy.masking.BodyKind;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.StreamMasker;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Masking throughput per core (target: 100 MB/s with all detectors, docs/architecture.md §9) on 1 MB JSON and
 * 1 MB text documents that are mostly clean with a few secrets (see {@link MaskingDocuments}). One
 * thread, so the figure is per core. The {@code mask:megabytes} row is the answer, in MB/s (10^6 bytes
 * masked per second: an AuxCounter JMH reports per second, labelled ops/s); the {@code mask} row is documents
 * per second.
 * <p>
 * {@code streamed}: the proxy's real path, the body fed in 8 KB chunks (the size of a network read) to
 * the streaming masker; otherwise the whole document in one call (audit payloads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(1)
public class MaskingThroughputBenchmark {

    private static final int DOCUMENT = 1 << 20;
    private static final int CHUNK = 8192;

    @Param({"json", "text"})
    String kind;

    @Param({"true", "false"})
    boolean streamed;

    private final MaskingEngine engine = new MaskingEngine();
    private MaskingPlan plan;
    private byte[] document;

    /** Megabytes masked; JMH reports it per second, i.e. MB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Volume {
        public double megabytes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        plan = MaskingPlan.compile(new MaskingDirectives(List.of(), List.of(), List.of("all", "phone"),
                MaskingDirectives.MaskingStyle.REDACT, null), null);
        document = kind.equals("json") ? MaskingDocuments.json(DOCUMENT) : MaskingDocuments.text(DOCUMENT);
        MaskingCounts counts = new MaskingCounts();
        mask(counts);
        System.out.println("\n" + kind + " document " + document.length + " bytes, masked " + counts);
    }

    @Benchmark
    public int mask(Volume volume) {
        volume.megabytes += document.length / 1e6;
        return mask(new MaskingCounts());
    }

    private int mask(MaskingCounts counts) {
        if (!streamed) {
            byte[] out = kind.equals("json") ? engine.maskJson(document, plan, counts) : engine.maskText(document, plan, counts);
            return out.length + counts.total();
        }
        StreamMasker stream = engine.stream(kind.equals("json") ? BodyKind.JSON : BodyKind.TEXT, plan);
        int out = 0;
        for (int k = 0; k < document.length; k += CHUNK) {
            out += stream.write(document, k, Math.min(CHUNK, document.length - k)).length;
        }
        out += stream.finish().length;
        counts.addAll(stream.counts());
        return out + counts.total();
    }
}
