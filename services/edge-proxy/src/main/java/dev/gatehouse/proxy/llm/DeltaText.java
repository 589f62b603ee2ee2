package dev.gatehouse.proxy.llm;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.text.LiveTextMasker;

import java.nio.charset.StandardCharsets;

/**
 * One text a model streams in pieces (a choice's content, a tool call's arguments, a content block), masked
 * across the pieces by a {@link LiveTextMasker}: each event carries everything but what a detector may still
 * need. Pieces arrive as JSON strings, whole characters, so the text in and out is a String.
 */
final class DeltaText {

    static final int MAX_HOLD = LiveTextMasker.MAX_HOLD;

    private final LiveTextMasker masker;
    private final ByteSink out = new ByteSink(256);

    DeltaText(MaskingPlan plan, MaskingCounts counts) {
        this.masker = new LiveTextMasker(plan, counts);
    }

    /** The masked text that can be sent with this piece (possibly empty). */
    String push(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        out.reset();
        masker.write(bytes, 0, bytes.length, out);
        return text();
    }

    /** Everything still held, masked: the text ended. */
    String flush() {
        out.reset();
        masker.finish(out);
        return text();
    }

    int held() {
        return masker.held();
    }

    private String text() {
        return out.size() == 0 ? "" : new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }
}
