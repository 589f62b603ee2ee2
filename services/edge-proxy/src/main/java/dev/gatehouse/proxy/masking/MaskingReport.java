package dev.gatehouse.proxy.masking;

import java.util.Map;
import java.util.TreeMap;

/**
 * What masking did to one body: counts by detector, the body kind, how many bytes went through, and the
 * outcome ({@value #MASKED}, {@value #CLEAN}, {@value #BINARY}, {@value #NOT_REQUIRED},
 * {@value #OVERSIZE_PASSED}, {@value #OVERSIZE_REFUSED}, {@value #UNREADABLE_PASSED},
 * {@value #UNREADABLE_REFUSED}, {@value #INCOMPLETE}). {@code degraded}: a JSON body that was not valid
 * JSON and was masked as text from where it broke.
 */
public record MaskingReport(MaskingCounts counts, BodyKind kind, long bytes, String outcome, boolean degraded) {

    public static final String MASKED = "masked";
    public static final String CLEAN = "clean";
    public static final String BINARY = "binary";
    public static final String NOT_REQUIRED = "not-required";
    public static final String OVERSIZE_PASSED = "oversize-passed";
    public static final String OVERSIZE_REFUSED = "oversize-refused";
    public static final String UNREADABLE_PASSED = "unreadable-passed";
    public static final String UNREADABLE_REFUSED = "unreadable-refused";
    /** the caller went away or the upstream failed before the body ended */
    public static final String INCOMPLETE = "incomplete";

    /**
     * For {@code AuditEvent.masking}: the counts, plus a marker entry (value 1) for a body that was not
     * masked as a whole: {@code binary}, {@code oversize-passed}, {@code unreadable-passed}, ... and
     * {@code malformed-json}, so the trail says why a payload may hold data in clear.
     */
    public Map<String, Integer> auditMap() {
        Map<String, Integer> map = new TreeMap<>(counts.asMap());
        if (!outcome.equals(MASKED) && !outcome.equals(CLEAN) && !outcome.equals(NOT_REQUIRED)) {
            map.put(outcome, 1);
        }
        if (degraded) {
            map.put("malformed-json", 1);
        }
        return map;
    }
}
