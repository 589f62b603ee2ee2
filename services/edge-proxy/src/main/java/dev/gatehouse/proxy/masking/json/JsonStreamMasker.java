package dev.gatehouse.proxy.masking.json;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.ChunkMasker;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.detect.Ascii;
import dev.gatehouse.proxy.masking.text.TextStreamMasker;

/**
 * A streaming JSON rewriter over UTF-8 bytes. It tracks only what masking needs (nesting, field names,
 * array indexes, token boundaries) and copies everything else through in runs: an unmasked document
 * comes out byte for byte. Only a token cut by a chunk boundary is held (memory is one token, typically a
 * few bytes, at most the body limit). Masked values are replaced by JSON strings, so valid JSON stays
 * valid. NDJSON works the same (a sequence of top-level values).
 * <p>
 * Input that is not JSON (a wrong content type, a corrupt body, a bare value that is not a JSON number)
 * is never passed in clear: from the first unexpected token on, the rest is masked as text (with the
 * {@link JsonTail} before it) and the body is reported degraded.
 */
public final class JsonStreamMasker implements ChunkMasker {

    private enum Mode { STRUCTURE, STRING, SCALAR, SKIP, TEXT }

    /** No JSON number is longer; a longer bare token means this is not JSON. */
    private static final int MAX_SCALAR = 1024;

    private final MaskingPlan plan;
    private final MaskingCounts counts;
    private final JsonValues values;
    private final JsonStack stack = new JsonStack();
    private final JsonSkipper skipper = new JsonSkipper();
    private final JsonToken token = new JsonToken();
    private final ByteSink rewritten = new ByteSink(256);
    private final JsonTail tail = new JsonTail();
    private Mode mode = Mode.STRUCTURE;
    private boolean expectName;
    private boolean isName;
    private boolean fieldMasked;
    /** start of the bytes of the current chunk not yet written: they are copied through in one run */
    private int copyFrom;
    private TextStreamMasker text;

    public JsonStreamMasker(MaskingPlan plan, MaskingCounts counts) {
        this.plan = plan;
        this.counts = counts;
        this.values = new JsonValues(plan, counts);
    }

    @Override
    public void write(byte[] in, int off, int length, ByteSink out) {
        int end = off + length;
        int i = off;
        copyFrom = off;
        while (i < end) {
            switch (mode) {
                case STRUCTURE -> i = structure(in, i, end, out);
                case STRING -> i = string(in, i, end, out);
                case SCALAR -> i = scalar(in, i, end, out);
                case SKIP -> i = skip(in, i, end, out);
                case TEXT -> {
                    text.write(in, i, end - i, out);
                    return;
                }
            }
        }
        if (mode == Mode.STRING || mode == Mode.SCALAR) {
            holdToken(in, end, out);
        } else if (mode == Mode.STRUCTURE) {
            tail.write(out, in, copyFrom, end);
        }
    }

    @Override
    public void finish(ByteSink out) {
        if (mode == Mode.SCALAR && !JsonValues.validScalar(token.heldBytes(), 0, token.heldSize())) {
            toText(token.heldBytes(), 0, token.heldSize(), out);
        }
        if (mode != Mode.TEXT) {
            tail.flush(out);
        }
        switch (mode) {
            case STRING, SCALAR -> {
                // A body cut off inside a token: the token is still masked, never passed in clear.
                if (!rewrite(token.heldBytes(), 0, token.heldSize(), out)) {
                    out.write(token.heldBytes(), 0, token.heldSize());
                }
            }
            case SKIP -> values.fieldContainer(out);
            case TEXT -> text.finish(out);
            case STRUCTURE -> {
            }
        }
        token.reset();
    }

    @Override
    public int held() {
        return token.heldSize() + tail.size() + (text == null ? 0 : text.held());
    }

    @Override
    public boolean degraded() {
        return text != null;
    }

    private int structure(byte[] in, int i, int end, ByteSink out) {
        for (; i < end; i++) {
            byte b = in[i];
            switch (b) {
                case ' ', '\t', '\n', '\r', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF -> {
                    // whitespace, UTF-8 byte order mark
                }
                case ':' -> expectName = false;
                case ',' -> {
                    expectName = stack.inObject();
                    stack.nextElement();
                }
                case '{', '[' -> {
                    if (fieldMatches()) {
                        tail.write(out, in, copyFrom, i);
                        copyFrom = i;
                        skipper.start();
                        mode = Mode.SKIP;
                        return i;
                    }
                    if (!stack.push(b == '[')) {
                        return malformed(in, copyFrom, end, out);
                    }
                    expectName = b == '{';
                }
                case '}', ']' -> {
                    if (!stack.pop(b == ']')) {
                        return malformed(in, copyFrom, end, out);
                    }
                    expectName = false;
                }
                case '"' -> {
                    isName = expectName && stack.inObject();
                    return beginToken(Mode.STRING, i + 1, !isName && fieldMatches());
                }
                default -> {
                    if (!Ascii.isDigit(b) && b != '-' && b != 't' && b != 'f' && b != 'n') {
                        return malformed(in, copyFrom, end, out);
                    }
                    isName = false;
                    return beginToken(Mode.SCALAR, i, fieldMatches());
                }
            }
        }
        return i;
    }

    private int skip(byte[] in, int i, int end, ByteSink out) {
        int after = skipper.skip(in, i, end);
        if (after < 0) {
            copyFrom = end;
            return end;
        }
        rewritten.reset();
        values.fieldContainer(rewritten);
        tail.write(out, rewritten.array(), 0, rewritten.size());
        mode = Mode.STRUCTURE;
        copyFrom = after;
        return after;
    }

    private int beginToken(Mode next, int start, boolean masked) {
        mode = next;
        fieldMasked = masked;
        token.begin(start);
        return start;
    }

    private int string(byte[] in, int i, int end, ByteSink out) {
        int close = token.stringEnd(in, i, end);
        if (close < 0) {
            return end;
        }
        closeToken(in, close, out);
        return close + 1;
    }

    private int scalar(byte[] in, int i, int end, ByteSink out) {
        int k = JsonToken.scalarEnd(in, i, end);
        int length = token.heldSize() + k - (token.isHeld() ? copyFrom : token.start);
        if (k == end && length <= MAX_SCALAR) {
            return k;
        }
        boolean valid = k < end && (token.isHeld() ? validHeld(in, k) : JsonValues.validScalar(in, token.start, k));
        if (!valid) {
            // Not a JSON number or literal (a PEM line, an SSN, prose): the body is not JSON.
            if (token.isHeld()) {
                toText(token.heldBytes(), 0, token.heldSize(), out);
                token.reset();
            }
            return malformed(in, copyFrom, end, out);
        }
        closeToken(in, k, out);
        return k;
    }

    private boolean validHeld(byte[] in, int k) {
        token.hold(in, copyFrom, k);
        copyFrom = k;
        return JsonValues.validScalar(token.heldBytes(), 0, token.heldSize());
    }

    /** The token ends at {@code close} (its closing quote, or the byte after a scalar). */
    private void closeToken(byte[] in, int close, ByteSink out) {
        boolean held = token.isHeld();
        if (held) {
            token.hold(in, copyFrom, close);
            copyFrom = close;
        }
        byte[] src = held ? token.heldBytes() : in;
        int from = held ? 0 : token.start;
        int to = held ? token.heldSize() : close;
        if (isName) {
            stack.name(src, from, to); // field paths and secret names see the name as sent
            expectName = false;
        }
        rewritten.reset();
        boolean replaced = rewrite(src, from, to, rewritten);
        if (!isName) {
            stack.afterValue(src, from, to, mode == Mode.STRING);
        }
        if (replaced || held) {
            if (!held) {
                tail.write(out, in, copyFrom, token.start);
            }
            if (replaced) {
                tail.write(out, rewritten.array(), 0, rewritten.size());
            } else {
                tail.write(out, src, from, to);
            }
            copyFrom = close;
        } // else: unchanged, it stays in the run that is copied through
        token.reset();
        mode = Mode.STRUCTURE;
    }

    private boolean rewrite(byte[] src, int from, int to, ByteSink out) {
        return values.token(src, from, to, mode == Mode.STRING, isName, fieldMasked, token.escaped(), stack.valueKind(),
                out);
    }

    /** End of chunk inside a token: the part seen so far is held until the token ends. */
    private void holdToken(byte[] in, int end, ByteSink out) {
        if (!token.isHeld()) {
            tail.write(out, in, copyFrom, token.start);
            copyFrom = token.start;
        }
        token.hold(in, copyFrom, end);
    }

    /**
     * Not JSON after all: what is held back and {@code in[from, end)} (all not written yet) are masked
     * as text, and so is the rest of the body.
     */
    private int malformed(byte[] in, int from, int end, ByteSink out) {
        toText(in, from, end, out);
        copyFrom = end;
        return end;
    }

    private void toText(byte[] a, int from, int to, ByteSink out) {
        if (text == null) {
            text = new TextStreamMasker(plan, counts);
            tail.handOver(text, out);
            mode = Mode.TEXT;
        }
        text.write(a, from, to - from, out);
    }

    private boolean fieldMatches() {
        return plan.hasFields() && plan.fieldMatches(stack);
    }
}
