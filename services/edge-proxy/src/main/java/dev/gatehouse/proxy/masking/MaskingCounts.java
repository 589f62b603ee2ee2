package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.detect.Detector;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many values were masked, by detector id, plus whole values masked by directive under
 * {@value #FIELD}, {@value #COLUMN} and {@value #HEADER}. This is what goes into
 * {@code AuditEvent.masking} and the {@code gatehouse.masking.matches} counter. Not thread-safe: one
 * body, row stream or payload owns one instance.
 */
public final class MaskingCounts {

    public static final String FIELD = "field";
    public static final String COLUMN = "column";
    public static final String HEADER = "header";

    private final int[] byDetector = new int[Detector.COUNT];
    private int fields;
    private int columns;
    private int headers;

    public void add(Detector detector) {
        byDetector[detector.ordinal()]++;
    }

    public void addField() {
        fields++;
    }

    void addColumn() {
        columns++;
    }

    void addHeader() {
        headers++;
    }

    public void addAll(MaskingCounts other) {
        for (int k = 0; k < byDetector.length; k++) {
            byDetector[k] += other.byDetector[k];
        }
        fields += other.fields;
        columns += other.columns;
        headers += other.headers;
    }

    public int count(String id) {
        return asMap().getOrDefault(id, 0);
    }

    public int total() {
        int total = fields + columns + headers;
        for (int n : byDetector) {
            total += n;
        }
        return total;
    }

    public boolean isEmpty() {
        return total() == 0;
    }

    /** Non-zero counts only, sorted by id: stable for the audit trail. */
    public Map<String, Integer> asMap() {
        Map<String, Integer> map = new TreeMap<>();
        for (Detector d : Detector.values()) {
            if (byDetector[d.ordinal()] > 0) {
                map.put(d.id(), byDetector[d.ordinal()]);
            }
        }
        put(map, FIELD, fields);
        put(map, COLUMN, columns);
        put(map, HEADER, headers);
        return map;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    private static void put(Map<String, Integer> map, String id, int n) {
        if (n > 0) {
            map.put(id, n);
        }
    }
}
