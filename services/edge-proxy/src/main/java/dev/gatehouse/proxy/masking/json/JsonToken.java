package dev.gatehouse.proxy.masking.json;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.detect.Ascii;

/**
 * The string or scalar token the JSON rewriter is reading. While it lies inside the current chunk it is
 * read in place; the part before a chunk boundary is held here until the token ends, so detectors always
 * see a whole value.
 */
final class JsonToken {

    private final ByteSink held = new ByteSink(256);
    private boolean isHeld;
    private boolean escaped;
    private boolean pendingBackslash;
    /** where the token's content starts in the chunk it started in */
    int start;

    void begin(int contentStart) {
        start = contentStart;
        isHeld = false;
        escaped = false;
        pendingBackslash = false;
        held.reset();
    }

    /** The index of the closing quote, or -1 when the string goes on past {@code end}. */
    int stringEnd(byte[] in, int i, int end) {
        int k = i;
        if (pendingBackslash) {
            pendingBackslash = false;
            k++;
        }
        while (k < end) {
            byte b = in[k];
            if (b == '"') {
                return k;
            }
            if (b == '\\') {
                escaped = true;
                if (k + 1 == end) {
                    pendingBackslash = true;
                    return -1;
                }
                k += 2;
            } else {
                k++;
            }
        }
        return -1;
    }

    /** The index after a number or literal (lenient: validated when complete), or {@code end}. */
    static int scalarEnd(byte[] in, int i, int end) {
        int k = i;
        while (k < end && (Ascii.isAlnum(in[k]) || in[k] == '-' || in[k] == '+' || in[k] == '.')) {
            k++;
        }
        return k;
    }

    /** Holds {@code in[from, to)} as (more of) the token's content. */
    void hold(byte[] in, int from, int to) {
        held.write(in, from, to - from);
        isHeld = true;
    }

    boolean isHeld() {
        return isHeld;
    }

    boolean escaped() {
        return escaped;
    }

    byte[] heldBytes() {
        return held.array();
    }

    int heldSize() {
        return held.size();
    }

    void reset() {
        held.reset();
        isHeld = false;
    }
}
