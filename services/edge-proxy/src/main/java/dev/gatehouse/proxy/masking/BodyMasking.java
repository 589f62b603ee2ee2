package dev.gatehouse.proxy.masking;

import dev.gatehouse.model.MaskingDirectives.OversizeAction;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.util.List;
import java.util.function.Consumer;

/**
 * Masks a reactive body as it streams: each {@link DataBuffer} is read, released, and replaced by the
 * masked bytes the {@link StreamMasker} can release; memory stays at one chunk plus the masker's window.
 * Binary bodies pass untouched (reported {@code binary}). Past {@code maxBytes}, or when the body cannot be
 * read as text (compressed, UTF-16), the plan's oversize action decides: REFUSE ends the body with
 * {@link BodyNotMaskable} (before the first byte when the length or encoding is known up front), PASS
 * lets the rest through unmasked and reports it.
 */
final class BodyMasking {

    private BodyMasking() {
    }

    static MaskedBody mask(Flux<DataBuffer> source, BodyShape shape, MaskingPlan plan, long maxBytes,
                           DataBufferFactory buffers, Consumer<MaskingReport> onDone) {
        return mask(source, shape, plan, maxBytes, buffers, onDone, null);
    }

    /** With a custom masker ({@link ChunkMaskers}), which also runs when the plan masks nothing (it may record). */
    static MaskedBody mask(Flux<DataBuffer> source, BodyShape shape, MaskingPlan plan, long maxBytes,
                           DataBufferFactory buffers, Consumer<MaskingReport> onDone,
                           java.util.function.BiFunction<MaskingPlan, MaskingCounts, ChunkMasker> custom) {
        BodyKind kind = shape.kind();
        MaskingCounts none = new MaskingCounts();
        if ((!plan.masksAnything() && custom == null) || kind == BodyKind.BINARY) {
            String outcome = kind == BodyKind.BINARY ? MaskingReport.BINARY : MaskingReport.NOT_REQUIRED;
            return passThrough(source, new MaskingReport(none, kind, 0, outcome, false), onDone);
        }
        boolean refuse = plan.oversize() == OversizeAction.REFUSE;
        if (!shape.readable()) {
            if (refuse) {
                return refused(source, kind, MaskingReport.UNREADABLE_REFUSED, new BodyNotMaskable(
                        BodyNotMaskable.Reason.UNREADABLE, "response body is compressed or not ASCII-compatible text"), onDone);
            }
            return passThrough(source, new MaskingReport(none, kind, 0, MaskingReport.UNREADABLE_PASSED, false), onDone);
        }
        if (shape.declaredLength() > maxBytes && refuse) {
            return refused(source, kind, MaskingReport.OVERSIZE_REFUSED, tooLarge(maxBytes), onDone);
        }
        return new MaskedBody(self -> new Streaming(plan, kind, maxBytes, refuse, buffers, self, onDone, custom).run(source),
                new MaskingReport(none, kind, 0, MaskingReport.INCOMPLETE, false));
    }

    private static BodyNotMaskable tooLarge(long maxBytes) {
        return new BodyNotMaskable(BodyNotMaskable.Reason.TOO_LARGE,
                "response body exceeds the masking limit of " + maxBytes + " bytes");
    }

    private static MaskedBody passThrough(Flux<DataBuffer> source, MaskingReport report, Consumer<MaskingReport> onDone) {
        long[] bytes = {0};
        return new MaskedBody(self -> source.doOnNext(b -> bytes[0] += b.readableByteCount())
                .transform(f -> onEnd(f, s -> done(self, new MaskingReport(report.counts(), report.kind(), bytes[0],
                        report.outcome(), false), onDone))), report);
    }

    private static MaskedBody refused(Flux<DataBuffer> source, BodyKind kind, String outcome, BodyNotMaskable error,
                                      Consumer<MaskingReport> onDone) {
        MaskingReport report = new MaskingReport(new MaskingCounts(), kind, 0, outcome, false);
        // Subscribe to the source only to cancel it (the upstream connection is released): nothing is read or sent.
        return new MaskedBody(self -> source.take(0).thenMany(Flux.<DataBuffer>error(error))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .transform(f -> onEnd(f, s -> done(self, report, onDone))), report);
    }

    /**
     * Runs {@code action} once when the body ends, BEFORE its end reaches the subscriber: with doFinally the
     * write of the last byte (and the RESPONSE event published after it) could come first and read the
     * report of a body still "incomplete", without its counts.
     */
    private static Flux<DataBuffer> onEnd(Flux<DataBuffer> body, Consumer<SignalType> action) {
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        Consumer<SignalType> once = signal -> {
            if (ended.compareAndSet(false, true)) {
                action.accept(signal);
            }
        };
        return body.doOnComplete(() -> once.accept(SignalType.ON_COMPLETE))
                .doOnError(error -> once.accept(SignalType.ON_ERROR))
                .doOnCancel(() -> once.accept(SignalType.CANCEL))
                .doFinally(once::accept);
    }

    private static void done(MaskedBody body, MaskingReport report, Consumer<MaskingReport> onDone) {
        body.finish(report);
        onDone.accept(report);
    }

    /** The per-subscription state of one masked body. */
    private static final class Streaming {

        private final MaskingPlan plan;
        private final BodyKind kind;
        private final long maxBytes;
        private final boolean refuse;
        private final DataBufferFactory buffers;
        private final MaskedBody self;
        private final Consumer<MaskingReport> onDone;
        private final java.util.function.BiFunction<MaskingPlan, MaskingCounts, ChunkMasker> custom;
        private StreamMasker masker;
        private byte[] chunk = new byte[8192];
        private long bytes;
        private boolean passing;
        private boolean finished;

        Streaming(MaskingPlan plan, BodyKind kind, long maxBytes, boolean refuse, DataBufferFactory buffers,
                  MaskedBody self, Consumer<MaskingReport> onDone,
                  java.util.function.BiFunction<MaskingPlan, MaskingCounts, ChunkMasker> custom) {
            this.custom = custom;
            this.plan = plan;
            this.kind = kind;
            this.maxBytes = maxBytes;
            this.refuse = refuse;
            this.buffers = buffers;
            this.self = self;
            this.onDone = onDone;
        }

        Flux<DataBuffer> run(Flux<DataBuffer> source) {
            return Flux.defer(() -> {
                masker = custom == null ? new MaskingEngine().stream(kind, plan) : new StreamMasker(kind, plan, custom);
                return source.concatMapIterable(this::next)
                        .concatWith(Mono.fromSupplier(this::tail).filter(b -> b.readableByteCount() > 0))
                        .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                        .transform(f -> onEnd(f, signal -> done(self, report(signal), onDone)));
            });
        }

        /** What to send for one upstream buffer: nothing (held back), its masked bytes, or (PASS) the tail and it. */
        private List<DataBuffer> next(DataBuffer in) {
            int n = in.readableByteCount();
            bytes += n;
            if (passing) {
                return List.of(in);
            }
            if (bytes > maxBytes) {
                if (refuse) {
                    DataBufferUtils.release(in);
                    throw tooLarge(maxBytes);
                }
                passing = true; // policy says PASS: what was scanned goes out masked, the rest as it is
                byte[] tail = finish();
                return tail.length > 0 ? List.of(buffers.wrap(tail), in) : List.of(in);
            }
            if (chunk.length < n) {
                chunk = new byte[n];
            }
            in.read(chunk, 0, n);
            DataBufferUtils.release(in);
            byte[] out = masker.write(chunk, 0, n);
            return out.length > 0 ? List.of(buffers.wrap(out)) : List.of();
        }

        private DataBuffer tail() {
            return buffers.wrap(passing ? new byte[0] : finish());
        }

        private byte[] finish() {
            finished = true;
            return masker.finish();
        }

        private MaskingReport report(SignalType signal) {
            String outcome;
            if (passing) {
                outcome = MaskingReport.OVERSIZE_PASSED;
            } else if (bytes > maxBytes) {
                outcome = MaskingReport.OVERSIZE_REFUSED;
            } else if (!finished || (signal != null && signal != SignalType.ON_COMPLETE)) {
                outcome = MaskingReport.INCOMPLETE;
            } else {
                outcome = masker.counts().isEmpty() ? MaskingReport.CLEAN : MaskingReport.MASKED;
            }
            return new MaskingReport(masker.counts(), kind, bytes, outcome, masker.degraded());
        }
    }
}
