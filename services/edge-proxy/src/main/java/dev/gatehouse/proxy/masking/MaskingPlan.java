package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.detect.Detector;
import dev.gatehouse.proxy.masking.detect.DetectorCatalog;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.MaskingDirectives.MaskingStyle;
import dev.gatehouse.model.MaskingDirectives.OversizeAction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link MaskingDirectives} compiled once: the detector switches as a flag array the scanner indexes,
 * field paths parsed, column globs as patterns, the tenant's HMAC key ready. Immutable and thread-safe,
 * so the proxy caches one per distinct directives (see {@link Masking#plan}). The key never appears
 * in {@link #toString()}.
 */
public final class MaskingPlan {

    private static final String HMAC = "HmacSHA256";

    private final MaskingDirectives directives;
    private final Set<Detector> detectors;
    private final boolean[] on;
    private final List<FieldPath> fields;
    private final List<Pattern> columns;
    private final Mac mac;

    private MaskingPlan(MaskingDirectives directives, byte[] tenantKey) {
        this.directives = directives;
        this.detectors = Set.copyOf(DetectorCatalog.resolve(directives.detectors()));
        this.on = new boolean[Detector.values().length];
        detectors.forEach(d -> on[d.ordinal()] = true);
        this.fields = directives.fields().stream().map(FieldPath::parse).toList();
        this.columns = directives.columns().stream().map(MaskingPlan::glob).toList();
        this.mac = tenantKey == null ? null : mac(tenantKey);
        if (directives.style() == MaskingStyle.HASH && mac == null) {
            throw new IllegalArgumentException("masking style HASH needs a tenant key");
        }
    }

    /**
     * @param tenantKey the tenant's HMAC key for the HASH style (may be null when the style is not HASH);
     *                  copied, never logged
     * @throws IllegalArgumentException naming an unknown detector or a malformed field path
     */
    public static MaskingPlan compile(MaskingDirectives directives, byte[] tenantKey) {
        return new MaskingPlan(directives == null ? MaskingDirectives.DEFAULT : directives, tenantKey);
    }

    public MaskingDirectives directives() {
        return directives;
    }

    public Set<Detector> detectors() {
        return detectors;
    }

    public boolean enabled(Detector detector) {
        return on[detector.ordinal()];
    }

    public MaskingStyle style() {
        return directives.style();
    }

    public OversizeAction oversize() {
        return directives.oversize();
    }

    /** Whether there is anything to do at all: a plan with no detectors, fields or columns passes bodies through. */
    public boolean masksAnything() {
        return !detectors.isEmpty() || !fields.isEmpty() || !columns.isEmpty();
    }

    public boolean[] switches() {
        return on;
    }

    public boolean hasFields() {
        return !fields.isEmpty();
    }

    public boolean fieldMatches(FieldPath.Position position) {
        for (FieldPath field : fields) {
            if (field.matches(position)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the rule names result columns at all: only then does the PostgreSQL listener trace lineage. */
    public boolean masksColumns() {
        return !columns.isEmpty();
    }

    /** Whether {@code column} (a result column's or a source column's name) matches a column glob. */
    public boolean columnMatches(String column) {
        for (Pattern glob : columns) {
            if (glob.matcher(column).matches()) {
                return true;
            }
        }
        return false;
    }

    /** A fresh MAC for one use: {@link Mac} is not thread-safe, and cloning an initialised one is cheap. */
    Mac mac() {
        try {
            return (Mac) mac.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(HMAC + " is not cloneable", e);
        }
    }

    @Override
    public String toString() {
        return "MaskingPlan" + DetectorCatalog.describe(detectors) + " fields=" + fields + " columns="
                + directives.columns() + " style=" + style() + " oversize=" + oversize();
    }

    /** Case-insensitive glob: '*' any run, '?' one character; everything else literal. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.strip().toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac m = Mac.getInstance(HMAC);
            m.init(new SecretKeySpec(key.clone(), HMAC));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " unavailable", e);
        }
    }
}
