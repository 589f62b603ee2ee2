package dev.gatehouse.proxy.masking.json;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.Replacements;
import dev.gatehouse.proxy.masking.detect.Ascii;
import dev.gatehouse.proxy.masking.detect.Detector;
import dev.gatehouse.proxy.masking.detect.Matches;
import dev.gatehouse.proxy.masking.detect.NumberMatchers;
import dev.gatehouse.proxy.masking.detect.Scanner;
import dev.gatehouse.proxy.masking.detect.SecretNames;
import dev.gatehouse.proxy.masking.detect.SecretValues;

/**
 * Masks one JSON value for {@link JsonStreamMasker}: string content (detectors on the value, plus the
 * secret-name check when its field is named like a secret), numbers (a card number sent as a JSON
 * number is still a card number), and whole values under a field directive. Writes JSON: a masked
 * number or container becomes a string, so the document stays valid.
 */
final class JsonValues {

    private final MaskingPlan plan;
    private final MaskingCounts counts;
    /** false for plans with field directives only: the values need no scan at all */
    private final boolean scanning;
    private final Matches matches = new Matches();
    private final ByteSink decoded = new ByteSink(256);
    private final ByteSink masked = new ByteSink(256);

    JsonValues(MaskingPlan plan, MaskingCounts counts) {
        this.plan = plan;
        this.scanning = !plan.detectors().isEmpty();
        this.counts = counts;
    }

    /**
     * Writes the masked form of one complete token (a string's content without quotes, or a scalar) and
     * returns true, or returns false without writing when it stays as it is. Names are structure, but maps
     * keyed by e-mail address or token exist, so detectors run on them too; field directives never do.
     */
    boolean token(byte[] src, int from, int to, boolean string, boolean isName, boolean fieldMasked, boolean escaped,
                  int kind, ByteSink out) {
        if (isName) {
            return string && string(src, from, to, escaped, SecretNames.NONE, out);
        }
        if (fieldMasked) {
            if (string) {
                Replacements.directive(out, MaskingCounts.FIELD, src, from, to, plan);
                counts.addField();
            } else {
                field(src, from, to, out);
            }
            return true;
        }
        return string ? string(src, from, to, escaped, kind, out) : number(src, from, to, out);
    }

    /**
     * Writes the masked content of a string (without quotes) to {@code out} and returns true, or returns
     * false without writing when nothing in it is masked.
     */
    boolean string(byte[] a, int from, int to, boolean escaped, int kind, ByteSink out) {
        if (!escaped) {
            if (!find(a, from, to, kind)) {
                return false;
            }
            Replacements.apply(out, a, from, to, matches, matches.size(), plan, counts);
            return true;
        }
        decoded.reset();
        JsonEscapes.decode(a, from, to, decoded);
        if (!find(decoded.array(), 0, decoded.size(), kind)) {
            return false;
        }
        masked.reset();
        Replacements.apply(masked, decoded.array(), 0, decoded.size(), matches, matches.size(), plan, counts);
        JsonEscapes.encode(masked.array(), 0, masked.size(), out);
        return true;
    }

    /** A number token: writes a quoted replacement and returns true when it is a card number. */
    boolean number(byte[] a, int from, int to, ByteSink out) {
        int length = to - from;
        if (length < 13 || length > 19 || !Ascii.isDigit(a[from]) || !plan.enabled(Detector.CARD)) {
            return false;
        }
        matches.clear();
        NumberMatchers.atDigit(a, from, from, to, plan.switches(), matches);
        if (matches.isEmpty() || matches.detector(0) != Detector.CARD || matches.end(0) != to) {
            return false;
        }
        out.write((byte) '"');
        Replacements.detector(out, Detector.CARD, a, from, to, plan);
        out.write((byte) '"');
        counts.add(Detector.CARD);
        return true;
    }

    /** A whole value under a field directive, written as a JSON string. */
    void field(byte[] a, int from, int to, ByteSink out) {
        out.write((byte) '"');
        Replacements.directive(out, MaskingCounts.FIELD, a, from, to, plan);
        out.write((byte) '"');
        counts.addField();
    }

    /** A container under a field directive: its content was skipped, not buffered, so it cannot be hashed. */
    void fieldContainer(ByteSink out) {
        out.writeAscii("\"[REDACTED:" + MaskingCounts.FIELD + "]\"");
        counts.addField();
    }

    /** JSON's number grammar, or true, false, null; anything else means the body is not JSON. */
    static boolean validScalar(byte[] a, int from, int to) {
        int n = to - from;
        if (n == 4 && (Ascii.startsWith(a, from, to, "true") || Ascii.startsWith(a, from, to, "null"))) {
            return true;
        }
        if (n == 5 && Ascii.startsWith(a, from, to, "false")) {
            return true;
        }
        int k = from < to && a[from] == '-' ? from + 1 : from;
        int digits = Ascii.run(a, k, to, Ascii.DIGIT, n);
        if (digits == k || (a[k] == '0' && digits > k + 1)) {
            return false;
        }
        k = digits;
        if (k < to && a[k] == '.') {
            int fraction = Ascii.run(a, k + 1, to, Ascii.DIGIT, n);
            if (fraction == k + 1) {
                return false;
            }
            k = fraction;
        }
        if (k < to && (a[k] == 'e' || a[k] == 'E')) {
            k++;
            k += k < to && (a[k] == '+' || a[k] == '-') ? 1 : 0;
            int exponent = Ascii.run(a, k, to, Ascii.DIGIT, n);
            if (exponent == k) {
                return false;
            }
            k = exponent;
        }
        return k == to;
    }

    private boolean find(byte[] a, int from, int to, int kind) {
        matches.clear();
        if (scanning) {
            Scanner.scan(a, from, from, to, to, plan.switches(), matches);
            SecretValues.value(a, from, to, kind, plan.switches(), matches);
        }
        matches.resolve();
        return !matches.isEmpty();
    }
}
