package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.detect.Ascii;
import dev.gatehouse.proxy.masking.detect.Detector;
import dev.gatehouse.proxy.masking.detect.Matches;
import dev.gatehouse.proxy.masking.detect.PemMatcher;
import dev.gatehouse.proxy.masking.detect.TokenFormats;
import javax.crypto.Mac;

/**
 * Writes what replaces a masked value, per style: REDACT {@code [REDACTED:<id>]}; HASH
 * {@code [HMAC:<id>:<16 hex>]}, the first 64 bits of HMAC-SHA256(tenant key, value), the same for the
 * same value within a tenant so the audit trail can correlate without revealing; PARTIAL keeps what
 * {@link Detector.Partial} allows (last four of a card, a token's public prefix, an e-mail's domain).
 * Every replacement is plain ASCII without quotes or backslashes: it is valid inside a JSON string.
 */
public final class Replacements {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Replacements() {
    }

    /** Copies {@code a[from, to)} to {@code out} with the first {@code n} (resolved) matches replaced, counting each. */
    public static void apply(ByteSink out, byte[] a, int from, int to, Matches matches, int n, MaskingPlan plan,
                      MaskingCounts counts) {
        int k = from;
        for (int m = 0; m < n; m++) {
            int s = Math.max(matches.start(m), k);
            int e = Math.min(matches.end(m), to);
            if (e <= s) {
                continue;
            }
            out.write(a, k, s - k);
            Detector d = matches.detector(m);
            detector(out, d, a, s, e, plan);
            counts.add(d);
            k = e;
        }
        out.write(a, k, to - k);
    }

    public static void detector(ByteSink out, Detector d, byte[] a, int s, int e, MaskingPlan plan) {
        switch (plan.style()) {
            case REDACT -> out.write(d.redaction);
            case HASH -> hash(out, d.id(), a, s, e, plan);
            case PARTIAL -> partial(out, d, a, s, e);
        }
    }

    /** A whole value masked by a field, column or header directive, labelled {@code label}. */
    public static void directive(ByteSink out, String label, byte[] a, int s, int e, MaskingPlan plan) {
        switch (plan.style()) {
            case REDACT -> redacted(out, label);
            case HASH -> hash(out, label, a, s, e, plan);
            case PARTIAL -> {
                if (alnumCount(a, s, e) >= 8) {
                    last4(out, a, s, e);
                } else {
                    redacted(out, label);
                }
            }
        }
    }

    private static void partial(ByteSink out, Detector d, byte[] a, int s, int e) {
        switch (d.partial()) {
            case NONE -> out.write(d.redaction);
            case LAST4 -> last4(out, a, s, e);
            case PREFIX -> {
                out.write(a, s, prefixLength(d, a, s, e));
                out.write(d.redaction);
            }
            case EMAIL_DOMAIN -> {
                out.write(d.redaction);
                int at = PemMatcher.indexOf(a, s, e, "@");
                int encoded = at < 0 ? PemMatcher.indexOf(a, s, e, "%40") : -1;
                int domain = at >= 0 ? at + 1 : encoded >= 0 ? encoded + 3 : e;
                if (domain < e && domainOnly(a, domain, e)) {
                    out.write((byte) '@');
                    out.write(a, domain, e - domain);
                }
            }
        }
    }

    /**
     * The public type marker ({@code ghp_}, {@code github_pat_}, {@code glpat-}, {@code xoxb-}, {@code sk_live_},
     * {@code AKIA}, {@code AIza}, and the prefix of every {@link TokenFormats} format: {@code sk-ant-api03-},
     * {@code npm_}, ...), and only when the span starts with it: a span merged from overlapping matches
     * may start with someone else's secret.
     */
    private static int prefixLength(Detector d, byte[] a, int s, int e) {
        int end = switch (d) {
            case AWS_ACCESS_KEY, GOOGLE_API_KEY -> s + 4;
            case GITHUB_TOKEN -> Ascii.startsWith(a, s, e, "github_pat_") ? s + 11 : s + 4;
            case GITLAB_TOKEN -> s + 6;
            case STRIPE_KEY -> s + 8;
            case SLACK_TOKEN -> PemMatcher.indexOf(a, s, Math.min(e, s + 10), "-") + 1;
            default -> s + TokenFormats.publicPrefix(d, a, s, e);
        };
        boolean marked = switch (d) {
            case AWS_ACCESS_KEY -> Ascii.startsWith(a, s, e, "A");
            case GOOGLE_API_KEY -> Ascii.startsWith(a, s, e, "AIza");
            case GITHUB_TOKEN -> Ascii.startsWith(a, s, e, "gh");
            case GITLAB_TOKEN -> Ascii.startsWith(a, s, e, "glpat-");
            case STRIPE_KEY -> Ascii.startsWith(a, s + 1, e, "k_live_");
            case SLACK_TOKEN -> Ascii.startsWith(a, s, e, "xox");
            default -> true; // publicPrefix() found the prefix or returned none
        };
        return marked && end > s && end < e ? end - s : 0;
    }

    private static boolean domainOnly(byte[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!Ascii.isAlnum(a[k]) && a[k] != '.' && a[k] != '-') {
                return false;
            }
        }
        return true;
    }

    /** Letters and digits become '*' except the last four; separators stay where they were. */
    private static void last4(ByteSink out, byte[] a, int s, int e) {
        int keepFrom = e;
        for (int seen = 0; keepFrom > s && seen < 4; ) {
            keepFrom--;
            if (Ascii.isAlnum(a[keepFrom])) {
                seen++;
            }
        }
        for (int k = s; k < e; k++) {
            byte c = a[k];
            boolean separator = c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+' || c == '/';
            out.write(k >= keepFrom && (Ascii.isAlnum(c) || separator) ? c : separator ? c : (byte) '*');
        }
    }

    private static void hash(ByteSink out, String label, byte[] a, int s, int e, MaskingPlan plan) {
        Mac mac = plan.mac();
        mac.update(a, s, e - s);
        byte[] digest = mac.doFinal();
        out.writeAscii("[HMAC:");
        out.writeAscii(label);
        out.write((byte) ':');
        for (int k = 0; k < 8; k++) {
            out.write(HEX[(digest[k] >> 4) & 0xf]);
            out.write(HEX[digest[k] & 0xf]);
        }
        out.write((byte) ']');
    }

    private static void redacted(ByteSink out, String label) {
        out.writeAscii("[REDACTED:");
        out.writeAscii(label);
        out.write((byte) ']');
    }

    private static int alnumCount(byte[] a, int s, int e) {
        int n = 0;
        for (int k = s; k < e; k++) {
            n += Ascii.isAlnum(a[k]) ? 1 : 0;
        }
        return n;
    }
}
