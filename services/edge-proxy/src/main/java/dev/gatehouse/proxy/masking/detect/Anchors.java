package dev.gatehouse.proxy.masking.detect;

/**
 * What runs at each anchor {@link Scanner} finds: the hand-written matchers by the word's first letter
 * (AWS, GitHub, Slack, Stripe, JWT, Bearer/Basic, IBAN, digit groups, base64 PEM) and by the punctuation
 * byte (e-mail, URI passwords, secret names and their values, PEM armour, CLI flags, the formats fixed in
 * the middle, phones). Every matcher checks its detector's switch first, so a plan that leaves a detector
 * out pays nothing for it.
 */
final class Anchors {

    private Anchors() {
    }

    /** At a letter or digit that starts a word (after the prefix table had its look). */
    static void atWord(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
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
            case 'a' -> {
                TokenMatchers.atAws(a, i, limit, on, out);
                if (i > lo && a[i - 1] == '.') {
                    InnerAnchors.atDot(a, lo, i - 1, limit, on, out); // Terraform's <14>.atlasv1.<token>
                }
            }
            case 'p', 'P' -> {
                if (on[Detector.SECRET_ASSIGNMENT.ordinal()]) {
                    SecretValues.atPasswordWord(a, i, limit, out);
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
            case 'L' -> {
                if (on[Detector.PRIVATE_KEY.ordinal()]) {
                    PemMatcher.atEncoded(a, i, limit, out);
                }
            }
            default -> {
            }
        }
        if (c <= 'Z' && on[Detector.IBAN.ordinal()]) {
            NumberMatchers.atUpper(a, i, limit, out);
        }
    }

    /** At an anchoring punctuation byte: '@' '%' ':' '=' '-' '~' '+' '('. */
    static void atPunctuation(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        switch (a[i]) {
            case '@' -> {
                if (on[Detector.EMAIL.ordinal()]) {
                    EmailMatcher.atAt(a, lo, i, limit, out);
                }
            }
            case '%' -> {
                if (on[Detector.EMAIL.ordinal()]) {
                    EmailMatcher.atAt(a, lo, i, limit, out);
                }
                if (on[Detector.SECRET_ASSIGNMENT.ordinal()]) {
                    Separators.atEncodedSeparator(a, lo, i, limit, on, out);
                }
            }
            case ':' -> {
                if (on[Detector.URI_PASSWORD.ordinal()]) {
                    AuthMatchers.atColon(a, lo, i, limit, out);
                }
                Separators.atSeparator(a, lo, i, limit, on, out);
                InnerAnchors.atColon(a, lo, i, limit, on, out);
            }
            case '=' -> Separators.atSeparator(a, lo, i, limit, on, out);
            case '-' -> {
                if (on[Detector.PRIVATE_KEY.ordinal()]) {
                    PemMatcher.atDash(a, i, limit, out);
                }
                if (on[Detector.BASIC_AUTH.ordinal()]) {
                    AuthMatchers.atUserFlag(a, lo, i, limit, out);
                }
                if (on[Detector.SECRET_ASSIGNMENT.ordinal()]) {
                    CliFlags.atDash(a, lo, i, limit, on, out);
                }
                InnerAnchors.atDash(a, lo, i, limit, on, out);
            }
            case '~' -> InnerAnchors.atTilde(a, lo, i, limit, on, out);
            default -> {
                if (on[Detector.PHONE.ordinal()]) {
                    NumberMatchers.atPhonePunct(a, lo, i, limit, out);
                }
            }
        }
    }
}
