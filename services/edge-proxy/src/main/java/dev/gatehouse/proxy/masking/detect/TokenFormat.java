package dev.gatehouse.proxy.masking.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One credential format found by a literal prefix: the detector it reports, the prefix the scanner
 * anchors on, the detector's documented shape (compiled once) checked from the anchor only, and the
 * format's own validator. When the shape has a group named {@code s}, only that group is masked
 * ({@code AccountKey=} stays readable, the key does not).
 */
final class TokenFormat {

    private final Detector detector;
    private final String prefix;
    private final Pattern shape;
    private final boolean secretGroup;
    private final TokenCheck check;
    private final Guard guard;
    /** the prefix's third byte, or -1 if it has none: tested before anything else */
    private final int third;

    /** A byte test that rules most look-alikes out before the shape's regex runs. */
    interface Guard {
        boolean test(byte[] a, int start, int limit);
    }

    TokenFormat(Detector detector, String prefix, Pattern shape, TokenCheck check, Guard guard) {
        this.detector = detector;
        this.prefix = prefix;
        this.shape = shape;
        this.secretGroup = shape.pattern().contains("(?<s>");
        this.check = check;
        this.guard = guard;
        this.third = prefix.length() > 2 ? prefix.charAt(2) : -1;
    }

    Detector detector() {
        return detector;
    }

    String prefix() {
        return prefix;
    }

    int third() {
        return third;
    }

    boolean guard(byte[] a, int start, int limit) {
        return guard == null || guard.test(a, start, limit);
    }

    /**
     * Whether the format starts at {@code start} (its prefix already seen there): the shape matches from
     * it, the token does not run on into more word characters, and the validator agrees. Adds the match.
     */
    boolean verify(byte[] a, int start, int limit, Matches out) {
        Matcher m = shape.matcher(new AsciiView(a, start, limit));
        if (!m.lookingAt()) {
            return false;
        }
        int end = start + m.end();
        if (end < limit && (Ascii.isAlnum(a[end]) || a[end] == '_')) {
            return false;
        }
        if (!check.test(a, start, start + prefix.length(), end)) {
            return false;
        }
        out.add(secretGroup ? start + m.start("s") : start, secretGroup ? start + m.end("s") : end, detector);
        return true;
    }

    @Override
    public String toString() {
        return detector.id() + ":" + prefix;
    }
}
