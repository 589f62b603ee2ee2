package dev.gatehouse.proxy.masking.json;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.detect.Scanner;
import dev.gatehouse.proxy.masking.text.TextStreamMasker;

/**
 * The last {@link Scanner#LOOK_BEHIND} bytes of the JSON rewriter's output, held back instead of
 * written. If the body then turns out not to be JSON, the text masker that takes over gets them as
 * ordinary input, so what came just before the break ({@code "token": } before a bare value, the start
 * of a PEM block) is still seen, whatever the chunk boundaries were. (Replacements in them are not
 * detected again: masking is idempotent.)
 */
final class JsonTail {

    private final byte[] buf = new byte[Scanner.LOOK_BEHIND];
    private int len;

    /** Writes {@code in[from, to)}, keeping the last LOOK_BEHIND bytes of what was held plus it back. */
    void write(ByteSink out, byte[] in, int from, int to) {
        int n = to - from;
        if (len + n <= buf.length) {
            System.arraycopy(in, from, buf, len, n);
            len += n;
            return;
        }
        if (n >= buf.length) {
            flush(out);
            out.write(in, from, n - buf.length);
            System.arraycopy(in, to - buf.length, buf, 0, buf.length);
            len = buf.length;
            return;
        }
        int release = len + n - buf.length;
        out.write(buf, 0, release);
        System.arraycopy(buf, release, buf, 0, len - release);
        len -= release;
        System.arraycopy(in, from, buf, len, n);
        len += n;
    }

    void flush(ByteSink out) {
        out.write(buf, 0, len);
        len = 0;
    }

    /** Hands what is held to the text masker instead of writing it. */
    void handOver(TextStreamMasker text, ByteSink out) {
        text.write(buf, 0, len, out);
        len = 0;
    }

    int size() {
        return len;
    }
}
