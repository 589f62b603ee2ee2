package dev.gatehouse.proxy.masking.detect;

/**
 * Secrets with a literal type prefix. Each is tried only where its prefix starts a word, then its run of
 * token characters is measured once and checked against the exact shape and, where one exists, the
 * validator. Prefixes are what providers add precisely so that scanners like this one can find them.
 */
final class TokenMatchers {

    /** How far after an AWS access key id its secret key is looked for (a credentials file, a CSV row). */
    private static final int AWS_SECRET_REACH = 256;
    private static final int WORDISH = Ascii.ALNUM;

    private TokenMatchers() {
    }

    /** At an upper-case 'A' that starts a word: AWS access key ids, Google API keys. */
    static void atA(byte[] a, int i, int limit, boolean[] on, Matches out) {
        if (on[Detector.AWS_ACCESS_KEY.ordinal()] && i + 20 <= limit && a[i + 1] != 'I' && isAwsPrefix(a, i)) {
            int end = Ascii.run(a, i + 4, limit, Ascii.UPPER | Ascii.DIGIT, 16);
            if (end - i == 20 && (end == limit || !Ascii.isAlnum(a[end]))) {
                out.add(i, end, Detector.AWS_ACCESS_KEY);
                if (on[Detector.AWS_SECRET_KEY.ordinal()]) {
                    awsSecretAfter(a, end, limit, out);
                }
            }
        } else if (on[Detector.GOOGLE_API_KEY.ordinal()] && Ascii.startsWith(a, i, limit, "AIza")) {
            int end = Ascii.run(a, i + 4, limit, Ascii.B64URL, 35);
            if (end - i == 39 && (end == limit || !Ascii.is(a[end], Ascii.B64URL))) {
                out.add(i, end, Detector.GOOGLE_API_KEY);
            }
        }
    }

    /**
     * At the word "aws" ({@code aws_secret_access_key}, {@code AWS_SECRET_ACCESS_KEY}, {@code aws configure set
     * ...}): an AWS secret key within reach after it. The 40-character shape alone is too common to flag,
     * AWS context next to it is not.
     */
    static void atAws(byte[] a, int i, int limit, boolean[] on, Matches out) {
        if (on[Detector.AWS_SECRET_KEY.ordinal()] && Ascii.startsWithIgnoreCase(a, i, limit, "aws")
                && (i + 3 == limit || !Ascii.isAlnum(a[i + 3]))) {
            awsSecretAfter(a, i + 3, limit, out);
        }
    }

    /** At 'g': GitHub (ghp_ gho_ ghu_ ghs_ ghr_ github_pat_) and GitLab (glpat-) tokens. */
    static void atG(byte[] a, int i, int limit, boolean[] on, Matches out) {
        if (i + 4 >= limit) {
            return;
        }
        boolean github = on[Detector.GITHUB_TOKEN.ordinal()];
        byte kind = a[i + 2];
        if (github && a[i + 1] == 'h' && a[i + 3] == '_'
                && (kind == 'p' || kind == 'o' || kind == 'u' || kind == 's' || kind == 'r')) {
            int end = Ascii.run(a, i + 4, limit, WORDISH, 251);
            // Since these prefixes exist (2021) every 36-char token carries its checksum: one without is not a token.
            if (end - i != 40 || Checksums.base62Crc32(a, i + 4, end)) {
                addIfRandom(a, i, i + 4, end, limit, 36, 251, Detector.GITHUB_TOKEN, out);
            }
        } else if (github && Ascii.startsWith(a, i, limit, "github_pat_")) {
            int end = runOf(a, i + 11, limit, 250, "_");
            addIfRandom(a, i, i + 11, end, limit, 50, 250, Detector.GITHUB_TOKEN, out);
        } else if (on[Detector.GITLAB_TOKEN.ordinal()] && Ascii.startsWith(a, i, limit, "glpat-")) {
            int end = trimTrailing(a, i + 6, runOf(a, i + 6, limit, 100, "_.-"), '.');
            addIfRandom(a, i, i + 6, end, limit, 20, 100, Detector.GITLAB_TOKEN, out);
        }
    }

    /** At 'x': Slack tokens, xox?- and refresh tokens xoxe.xoxp-. */
    static void atX(byte[] a, int i, int limit, Matches out) {
        if (!Ascii.startsWith(a, i, limit, "xox") || i + 5 >= limit || !slackKind(a[i + 3])) {
            return;
        }
        int body = i + 4;
        if (a[body] == '.' && Ascii.startsWith(a, body + 1, limit, "xox") && body + 5 < limit
                && slackKind(a[body + 4]) && a[body + 5] == '-') {
            body += 5;
        } else if (a[body] != '-') {
            return;
        }
        int end = runOf(a, body + 1, limit, 250, "-");
        int dashes = 0;
        int digits = 0;
        for (int k = body; k < end; k++) {
            dashes += a[k] == '-' ? 1 : 0;
            digits += Ascii.isDigit(a[k]) ? 1 : 0;
        }
        if (end - body > 10 && dashes >= 2 && digits >= 4 && boundaryAfter(a, end, limit)) {
            out.add(i, end, Detector.SLACK_TOKEN);
        }
    }

    /** At 's' or 'r': Stripe live secret and restricted keys. */
    static void atS(byte[] a, int i, int limit, Matches out) {
        if (Ascii.startsWith(a, i + 1, limit, "k_live_") && (a[i] == 's' || a[i] == 'r')) {
            int end = Ascii.run(a, i + 8, limit, WORDISH, 247);
            addIfRandom(a, i, i + 8, end, limit, 20, 247, Detector.STRIPE_KEY, out);
        }
    }

    /** At 'e': a JWS (3 parts) or JWE (5 parts) whose header decodes to JSON naming "alg". */
    static void atE(byte[] a, int i, int limit, Matches out) {
        if (!Ascii.startsWith(a, i, limit, "eyJ")) {
            return;
        }
        int headerEnd = Ascii.run(a, i, limit, Ascii.B64URL, 1024);
        int[] ends = new int[6];
        ends[1] = headerEnd;
        int parts = 1;
        while (parts < 5 && ends[parts] < limit && a[ends[parts]] == '.') {
            int from = ends[parts] + 1;
            int next = Ascii.run(a, from, limit, Ascii.B64URL, parts == 1 ? 12_000 : 1024); // within Scanner.LOOK_AHEAD
            // Only a JWS signature may be empty (alg "none"): it is still a bearer credential.
            if (next == from && parts != 2) {
                break;
            }
            ends[++parts] = next;
        }
        int end = parts == 5 ? ends[5] : parts >= 3 ? ends[3] : -1;
        if (end > 0 && ends[2] - headerEnd > 1 && boundaryAfter(a, end, limit) && Validators.joseHeader(a, i, headerEnd)) {
            out.add(i, end, Detector.JWT);
        }
    }

    private static boolean isAwsPrefix(byte[] a, int i) {
        byte b = a[i + 1];
        byte c = a[i + 2];
        byte d = a[i + 3];
        return (b == 'K' && c == 'I' && d == 'A') || (b == 'S' && c == 'I' && d == 'A')
                || (b == 'B' && c == 'I' && d == 'A') || (b == 'C' && c == 'C' && d == 'A');
    }

    /** The first 40-character base64 run after an access key id or the word aws, mixing cases and digits. */
    private static void awsSecretAfter(byte[] a, int from, int limit, Matches out) {
        int stop = Math.min(limit, from + AWS_SECRET_REACH);
        int k = from;
        while (k < stop) {
            if (!Ascii.is(a[k], Ascii.B64)) {
                k++;
                continue;
            }
            int end = Ascii.run(a, k, limit, Ascii.B64, 41);
            if (end - k == 40 && (end == limit || a[end] != '=') && awsSecretShape(a, k, end)) {
                out.add(k, end, Detector.AWS_SECRET_KEY);
                return;
            }
            k = end;
        }
    }

    static boolean awsSecretShape(byte[] a, int from, int to) {
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        for (int k = from; k < to; k++) {
            digit |= Ascii.isDigit(a[k]);
            upper |= Ascii.isUpper(a[k]);
            lower |= Ascii.is(a[k], Ascii.LOWER);
        }
        return to - from == 40 && digit && upper && lower && Ascii.distinct(a, from, to) >= 15;
    }

    private static void addIfRandom(byte[] a, int start, int body, int end, int limit, int min, int max,
                                    Detector detector, Matches out) {
        int length = end - body;
        if (length >= min && length <= max && boundaryAfter(a, end, limit) && Ascii.distinct(a, body, end) >= 10) {
            out.add(start, end, detector);
        }
    }

    /** Letters and digits plus a few separator characters. */
    private static int runOf(byte[] a, int from, int limit, int max, String extras) {
        int end = Math.min(limit, from + max + 1);
        int k = from;
        while (k < end && (Ascii.isAlnum(a[k]) || extras.indexOf(a[k]) >= 0)) {
            k++;
        }
        return k;
    }

    private static int trimTrailing(byte[] a, int from, int end, char c) {
        while (end > from && a[end - 1] == c) {
            end--;
        }
        return end;
    }

    private static boolean boundaryAfter(byte[] a, int end, int limit) {
        return end >= limit || !Ascii.isAlnum(a[end]);
    }

    private static boolean slackKind(byte b) {
        return b == 'a' || b == 'b' || b == 'e' || b == 'o' || b == 'p' || b == 'r' || b == 's';
    }
}
