package dev.gatehouse.proxy.masking.text;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.ChunkMasker;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.Replacements;
import dev.gatehouse.proxy.masking.detect.Matches;
import dev.gatehouse.proxy.masking.detect.Scanner;
import java.util.Arrays;

/**
 * Streaming text masking with bounded memory. Chunks are appended to a buffer; anchors are scanned
 * only up to {@link Scanner#LOOK_AHEAD} bytes short of the end, so every match that starts there is
 * complete even if it crosses a chunk boundary (a token split between two network reads is still one
 * token). Bytes are emitted once no later anchor can reach back into them ({@link Scanner#LOOK_BEHIND});
 * a match straddling that point is emitted whole. Memory: about LOOK_AHEAD plus one chunk.
 */
public final class TextStreamMasker implements ChunkMasker {

    private final MaskingPlan plan;
    private final MaskingCounts counts;
    private final Matches pending = new Matches();
    private byte[] buf = new byte[8192];
    private int len;
    private int scanned;
    private int emitted;

    public TextStreamMasker(MaskingPlan plan, MaskingCounts counts) {
        this.plan = plan;
        this.counts = counts;
    }

    @Override
    public void write(byte[] chunk, int offset, int length, ByteSink out) {
        append(chunk, offset, length);
        int scanTo = len - Scanner.LOOK_AHEAD;
        if (scanTo > scanned) {
            Scanner.scan(buf, 0, scanned, scanTo, len, plan.switches(), pending);
            scanned = scanTo;
            emitUpTo(scanned - Scanner.LOOK_BEHIND, out);
            compact();
        }
    }

    @Override
    public void finish(ByteSink out) {
        Scanner.scan(buf, 0, scanned, len, len, plan.switches(), pending);
        scanned = len;
        emitUpTo(len, out);
        len = 0;
        scanned = 0;
        emitted = 0;
    }

    @Override
    public int held() {
        return len - emitted;
    }

    private void emitUpTo(int target, ByteSink out) {
        if (target <= emitted) {
            return;
        }
        pending.resolve();
        // A later anchor's look-behind can overlap bytes a longer earlier match already emitted.
        pending.clipBefore(emitted);
        int n = 0;
        while (n < pending.size() && pending.start(n) < target) {
            target = Math.max(target, pending.end(n));
            n++;
        }
        target = Math.min(target, len);
        Replacements.apply(out, buf, emitted, target, pending, n, plan, counts);
        pending.dropFirst(n);
        emitted = target;
    }

    /** Drops bytes no anchor can reach back to any more, keeping look-behind context. */
    private void compact() {
        int keep = Math.max(0, Math.min(emitted, scanned) - Scanner.LOOK_BEHIND);
        if (keep < buf.length / 2) {
            return;
        }
        System.arraycopy(buf, keep, buf, 0, len - keep);
        len -= keep;
        scanned -= keep;
        emitted -= keep;
        pending.shift(keep);
    }

    private void append(byte[] chunk, int offset, int length) {
        if (len + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + length));
        }
        System.arraycopy(chunk, offset, buf, len, length);
        len += length;
    }
}
