package dev.gatehouse.proxy.masking.detect;

import java.util.Arrays;

/**
 * The spans found in one piece of input, as parallel int arrays (no object per match: the scanner
 * runs on every string of every body). {@link #resolve()} turns candidates into disjoint spans: where
 * two overlap, the union is masked (never reveal a part one detector saw) under the more specific
 * detector's id (priority, then the longer span).
 */
public final class Matches {

    private int[] start = new int[8];
    private int[] end = new int[8];
    private int[] detector = new int[8];
    private int size;

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int start(int k) {
        return start[k];
    }

    public int end(int k) {
        return end[k];
    }

    public Detector detector(int k) {
        return Detector.ofOrdinal(detector[k]);
    }

    void add(int from, int to, Detector d) {
        if (to <= from) {
            return;
        }
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            end = Arrays.copyOf(end, size * 2);
            detector = Arrays.copyOf(detector, size * 2);
        }
        start[size] = from;
        end[size] = to;
        detector[size] = d.ordinal();
        size++;
    }

    /** Sorts by start and merges overlapping spans; afterwards spans are disjoint and ordered. */
    public void resolve() {
        if (size < 2) {
            return;
        }
        sortByStart();
        int out = 0;
        for (int k = 1; k < size; k++) {
            if (start[k] < end[out]) {
                merge(out, k);
            } else {
                out++;
                move(k, out);
            }
        }
        size = out + 1;
    }

    /** Drops spans ending at or before {@code from}, moves the first start up to {@code from} (already emitted bytes). */
    public void clipBefore(int from) {
        int keep = 0;
        for (int k = 0; k < size; k++) {
            if (end[k] > from) {
                move(k, keep);
                start[keep] = Math.max(start[keep], from);
                keep++;
            }
        }
        size = keep;
    }

    /** Removes the first {@code n} spans; the rest shift down. */
    public void dropFirst(int n) {
        for (int k = n; k < size; k++) {
            move(k, k - n);
        }
        size -= n;
    }

    /** Shifts every span by {@code -delta} after the caller's buffer was compacted. */
    public void shift(int delta) {
        for (int k = 0; k < size; k++) {
            start[k] -= delta;
            end[k] -= delta;
        }
    }

    private void merge(int into, int k) {
        Detector a = Detector.ofOrdinal(detector[into]);
        Detector b = Detector.ofOrdinal(detector[k]);
        boolean bWins = b.priority() > a.priority()
                || (b.priority() == a.priority() && end[k] - start[k] > end[into] - start[into]);
        if (bWins) {
            detector[into] = detector[k];
        }
        end[into] = Math.max(end[into], end[k]);
    }

    private void move(int from, int to) {
        start[to] = start[from];
        end[to] = end[from];
        detector[to] = detector[from];
    }

    private void sortByStart() {
        // Insertion sort: there are few matches and they arrive almost in order.
        for (int k = 1; k < size; k++) {
            int s = start[k];
            int e = end[k];
            int d = detector[k];
            int j = k - 1;
            while (j >= 0 && start[j] > s) {
                move(j, j + 1);
                j--;
            }
            start[j + 1] = s;
            end[j + 1] = e;
            detector[j + 1] = d;
        }
    }
}
