package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/** Collects the literal spans and parameter numbers {@link WrittenValues} replaces, over one or two lexings. */
final class WriteMarks {

    private int[] spans = new int[16];
    private int count;
    private final BitSet parameters = new BitSet();
    private boolean everyParameter;

    /** A literal or parameter token written into a masked column; other tokens are ignored. */
    void value(Token token) {
        switch (token.type()) {
            case STRING, NUMBER -> span(token.start(), token.end());
            case PARAMETER -> parameters.set(Integer.parseInt(token.value().substring(1)));
            default -> {
            }
        }
    }

    /** Every literal and parameter of {@code tokens[from, to)}. */
    void all(List<Token> tokens, int from, int to) {
        everyParameter = true;
        for (int i = from; i < to; i++) {
            value(tokens.get(i));
        }
    }

    void values(List<Token> tokens, int from, int to) {
        for (int i = from; i < to; i++) {
            value(tokens.get(i));
        }
    }

    private void span(int start, int end) {
        if (count + 2 > spans.length) {
            spans = Arrays.copyOf(spans, spans.length * 2);
        }
        spans[count++] = start;
        spans[count++] = end;
    }

    WrittenValues result(boolean changesShape) {
        return new WrittenValues(merged(), parameters, everyParameter, changesShape);
    }

    /** Sorted by start, overlapping spans (the two lexings of one text) joined. */
    private int[] merged() {
        int n = count / 2;
        long[] pairs = new long[n];
        for (int k = 0; k < n; k++) {
            pairs[k] = (long) spans[2 * k] << 32 | spans[2 * k + 1];
        }
        Arrays.sort(pairs);
        int[] out = new int[count];
        int o = 0;
        for (long pair : pairs) {
            int start = (int) (pair >>> 32);
            int end = (int) pair;
            if (o > 0 && start < out[o - 1]) {
                out[o - 1] = Math.max(out[o - 1], end);
            } else {
                out[o++] = start;
                out[o++] = end;
            }
        }
        return Arrays.copyOf(out, o);
    }
}
