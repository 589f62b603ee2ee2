package dev.gatehouse.proxy.masking;

/**
 * The single pass over the bytes. Every detector has an anchor that is cheap to see: the first letter of
 * a word (token prefixes, Bearer/Basic, IBAN country codes, digit groups) or one punctuation byte
 * ('@' e-mail, ':' URIs and secret names, '=' secret names, '-' PEM armour, '+'/'(' phones). The loop
 * only looks up a byte's action in a table; the family matchers run around anchors. That is what makes
 * all detectors together cost about one pass instead of one regex pass each.
 * <p>
 * Contract for streaming callers: anchors are taken at positions {@code [from, to)}; a matcher reads at
 * most {@link #LOOK_BEHIND} bytes back (never before {@code lo}) and {@link #LOOK_AHEAD} bytes ahead
 * (never at or past {@code limit}).
 */
final class Scanner {

    static final int LOOK_BEHIND = 160;
    static final int LOOK_AHEAD = 16_384;

    private static final byte NONE = 0;
    private static final byte WORD = 1;
    private static final byte WORD_ANCHOR = 2;
    private static final byte PUNCT_ANCHOR = 3;
    private static final byte[] ACTION = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            ACTION[c] = WORD_ANCHOR;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            ACTION[c] = WORD_ANCHOR;
            ACTION[c + 32] = WORD;
        }
        for (char c : "abgxsrep".toCharArray()) {
            ACTION[c] = WORD_ANCHOR;
        }
        for (char c : "@%:=-+(".toCharArray()) {
            ACTION[c] = PUNCT_ANCHOR;
        }
    }

    private Scanner() {
    }

    static void scan(byte[] a, int lo, int from, int to, int limit, boolean[] on, Matches out) {
        boolean inWord = from > lo && Ascii.isAlnum(a[from - 1]);
        for (int i = from; i < to; i++) {
            byte action = ACTION[a[i] & 0xff];
            if (action == NONE) {
                inWord = false;
            } else if (action == WORD) {
                inWord = true;
            } else if (action == WORD_ANCHOR) {
                if (!inWord) {
                    wordStart(a, lo, i, limit, on, out);
                }
                inWord = true;
            } else {
                inWord = false;
                punctuation(a, lo, i, limit, on, out);
            }
        }
    }

    private static void wordStart(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        byte c = a[i];
        if (c <= '9') {
            if (on[Detector.CARD.ordinal()] || on[Detector.SSN.ordinal()] || on[Detector.PHONE.ordinal()]) {
                NumberMatchers.atDigit(a, lo, i, limit, on, out);
            }
            return;
        }
        switch (c) {
            case 'A' -> {
                TokenMatchers.atA(a, i, limit, on, out);
                TokenMatchers.atAws(a, i, limit, on, out);
            }
            case 'a' -> TokenMatchers.atAws(a, i, limit, on, out);
            case 'p', 'P' -> {
                if (on[Detector.SECRET_ASSIGNMENT.ordinal()]) {
                    SecretNames.atPasswordWord(a, i, limit, out);
                }
            }
            case 'B', 'b' -> AuthMatchers.atB(a, i, limit, on, out);
            case 'g' -> TokenMatchers.atG(a, i, limit, on, out);
            case 'x' -> {
                if (on[Detector.SLACK_TOKEN.ordinal()]) {
                    TokenMatchers.atX(a, i, limit, out);
                }
            }
            case 's', 'r' -> {
                if (on[Detector.STRIPE_KEY.ordinal()]) {
                    TokenMatchers.atS(a, i, limit, out);
                }
            }
            case 'e' -> {
                if (on[Detector.JWT.ordinal()]) {
                    TokenMatchers.atE(a, i, limit, out);
                }
            }
            default -> {
            }
        }
        if (c <= 'Z' && on[Detector.IBAN.ordinal()]) {
            NumberMatchers.atUpper(a, i, limit, out);
        }
    }

    private static void punctuation(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        switch (a[i]) {
            case '@', '%' -> {
                if (on[Detector.EMAIL.ordinal()]) {
                    EmailMatcher.atAt(a, lo, i, limit, out);
                }
            }
            case ':' -> {
                if (on[Detector.URI_PASSWORD.ordinal()]) {
                    AuthMatchers.atColon(a, lo, i, limit, out);
                }
                if (on[Detector.SECRET_ASSIGNMENT.ordinal()] || on[Detector.AWS_SECRET_KEY.ordinal()]) {
                    SecretNames.atSeparator(a, lo, i, limit, on, out);
                }
            }
            case '=' -> {
                if (on[Detector.SECRET_ASSIGNMENT.ordinal()] || on[Detector.AWS_SECRET_KEY.ordinal()]) {
                    SecretNames.atSeparator(a, lo, i, limit, on, out);
                }
            }
            case '-' -> {
                if (on[Detector.PRIVATE_KEY.ordinal()]) {
                    PemMatcher.atDash(a, i, limit, out);
                }
                if (on[Detector.BASIC_AUTH.ordinal()]) {
                    AuthMatchers.atUserFlag(a, lo, i, limit, out);
                }
            }
            default -> {
                if (on[Detector.PHONE.ordinal()]) {
                    NumberMatchers.atPhonePunct(a, lo, i, limit, out);
                }
            }
        }
    }
}
