package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.json.JsonStreamMasker;
import dev.gatehouse.proxy.masking.text.TextStreamMasker;

/**
 * Masks one body chunk by chunk with bounded memory (see {@link JsonStreamMasker},
 * {@link TextStreamMasker}): feed each chunk to {@link #write}, send what it returns, then send what
 * {@link #finish} returns. Not thread-safe: one per body, used by one subscriber at a time.
 */
public final class StreamMasker {

    private static final byte[] NOTHING = new byte[0];

    private final ChunkMasker masker;
    private final MaskingCounts counts = new MaskingCounts();
    private final ByteSink out = new ByteSink(8192);

    StreamMasker(BodyKind kind, MaskingPlan plan) {
        this(kind, plan, null);
    }

    /** With {@code custom} asked first ({@link ChunkMaskers}); its {@code null} means the kind's default. */
    StreamMasker(BodyKind kind, MaskingPlan plan, java.util.function.BiFunction<MaskingPlan, MaskingCounts, ChunkMasker> custom) {
        ChunkMasker chosen = custom == null ? null : custom.apply(plan, counts);
        this.masker = chosen != null ? chosen
                : kind == BodyKind.JSON ? new JsonStreamMasker(plan, counts) : new TextStreamMasker(plan, counts);
    }

    /** The masked bytes that can be sent now (possibly none: held back until more arrives). */
    public byte[] write(byte[] chunk, int offset, int length) {
        out.reset();
        masker.write(chunk, offset, length, out);
        return out.size() == 0 ? NOTHING : out.toByteArray();
    }

    public byte[] finish() {
        out.reset();
        masker.finish(out);
        return out.size() == 0 ? NOTHING : out.toByteArray();
    }

    /**
     * Everything held, masked, to send now because the text paused (not ended): a text masker goes on taking
     * chunks after it. A secret split exactly at the pause is the price of not holding text someone waits for.
     */
    public byte[] release() {
        return finish();
    }

    public MaskingCounts counts() {
        return counts;
    }

    /** Bytes held back right now. */
    public int held() {
        return masker.held();
    }

    /** A JSON body that was not valid JSON (masked as text from the point it broke). */
    public boolean degraded() {
        return masker.degraded();
    }
}
