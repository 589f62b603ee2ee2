package dev.gatehouse.proxy.masking.detect;

import java.util.regex.Pattern;

/**
 * Credentials that have no prefix of their own (a Datadog key is 32 hex digits, a Cohere key 40 letters and
 * digits) but are almost always stored under a name saying whose they are: {@code DD_API_KEY},
 * {@code COHERE_API_KEY}, {@code twilio.auth_token}. When a secret name contains a vendor's keyword and
 * the value has that vendor's shape, the value is reported under the vendor's detector rather than as a
 * generic {@code secret-assignment}, so the audit trail says whose key it was. The keyword is looked for
 * only in names already classified as secret names, so this costs nothing on ordinary fields.
 */
final class VendorNames {

    private record Vendor(String keyword, Detector detector, Pattern shape) {
    }

    private static final Vendor[] VENDORS = {
        vendor("cohere", Detector.COHERE_API_KEY), vendor("coapikey", Detector.COHERE_API_KEY),
        vendor("mistral", Detector.MISTRAL_API_KEY), vendor("azureopenai", Detector.AZURE_OPENAI_KEY),
        vendor("cloudflare", Detector.CLOUDFLARE_API_TOKEN), vendor("cfapi", Detector.CLOUDFLARE_API_TOKEN),
        vendor("twilio", Detector.TWILIO_AUTH_TOKEN), vendor("datadog", Detector.DATADOG_API_KEY),
        vendor("ddapi", Detector.DATADOG_API_KEY), vendor("ddapp", Detector.DATADOG_API_KEY),
        vendor("heroku", Detector.HEROKU_API_KEY), vendor("okta", Detector.OKTA_TOKEN),
        vendor("mailgun", Detector.MAILGUN_API_KEY),
    };

    private VendorNames() {
    }

    /** The index of the first vendor whose keyword the name contains (case and separators ignored), or -1. */
    static int find(byte[] a, int from, int to) {
        for (int v = 0; v < VENDORS.length; v++) {
            if (contains(a, from, to, VENDORS[v].keyword())) {
                return v;
            }
        }
        return -1;
    }

    /** Under a name of {@code kind} naming a vendor: the value in that vendor's shape, reported as the vendor's. */
    static boolean match(int kind, byte[] a, int from, int to, boolean[] on, Matches out) {
        int v = (kind >>> 4) - 1;
        if (v < 0 || !on[VENDORS[v].detector().ordinal()] || !TokenCheck.random(a, from, to)
                || !VENDORS[v].shape().matcher(new AsciiView(a, from, to)).matches()) {
            return false;
        }
        out.add(from, to, VENDORS[v].detector());
        return true;
    }

    private static Vendor vendor(String keyword, Detector detector) {
        return new Vendor(keyword, detector, TokenFormats.shape(detector));
    }

    /** Whether the name's letters and digits, lower-cased, contain {@code keyword}; no allocation. */
    private static boolean contains(byte[] a, int from, int to, String keyword) {
        for (int s = from; s < to; s++) {
            int k = s;
            int matched = 0;
            while (k < to && matched < keyword.length()) {
                if (!Ascii.isAlnum(a[k])) {
                    k++;
                    continue;
                }
                if (Ascii.lower(a[k]) != keyword.charAt(matched)) {
                    break;
                }
                matched++;
                k++;
            }
            if (matched == keyword.length()) {
                return true;
            }
        }
        return false;
    }
}
