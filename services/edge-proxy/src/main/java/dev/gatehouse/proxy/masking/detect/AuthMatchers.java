package dev.gatehouse.proxy.masking.detect;

/**
 * Credentials that ride in HTTP's own syntax: {@code Bearer} and {@code Basic} authorization values
 * (logged request headers, curl commands, error dumps) and the password slot of a connection URI
 * ({@code postgres://app:s3cret@db/}). Only the credential is masked, so the agent still sees which
 * scheme and which host it was.
 */
final class AuthMatchers {

    private static final int MAX_BEARER = 4096;
    private static final int MAX_BASIC = 1024;
    private static final int MAX_USERINFO = 512;

    private AuthMatchers() {
    }

    /** At 'B' or 'b' starting a word. */
    static void atB(byte[] a, int i, int limit, boolean[] on, Matches out) {
        if (on[Detector.BEARER_TOKEN.ordinal()] && Ascii.startsWithIgnoreCase(a, i, limit, "bearer")) {
            int from = afterBlanks(a, i + 6, limit);
            if (from > i + 6) {
                int end = padding(a, Ascii.run(a, from, limit, Ascii.TOKEN68, MAX_BEARER), limit);
                if (Validators.tokenLike(a, from, end, 16) && (end == limit || !Ascii.isAlnum(a[end]))) {
                    out.add(from, end, Detector.BEARER_TOKEN);
                }
            }
        } else if (on[Detector.BASIC_AUTH.ordinal()] && Ascii.startsWithIgnoreCase(a, i, limit, "basic")) {
            int from = afterBlanks(a, i + 5, limit);
            if (from > i + 5) {
                int end = padding(a, Ascii.run(a, from, limit, Ascii.B64, MAX_BASIC), limit);
                if (Validators.basicCredential(a, from, end) && (end == limit || !Ascii.is(a[end], Ascii.TOKEN68))) {
                    out.add(from, end, Detector.BASIC_AUTH);
                }
            }
        }
    }

    /** At ':' : {@code scheme://user:password@host}, also JSON-escaped {@code scheme:\/\/}. */
    static void atColon(byte[] a, int lo, int i, int limit, Matches out) {
        int userinfo;
        if (Ascii.startsWith(a, i + 1, limit, "//")) {
            userinfo = i + 3;
        } else if (Ascii.startsWith(a, i + 1, limit, "\\/\\/")) {
            userinfo = i + 5;
        } else {
            return;
        }
        if (!hasScheme(a, lo, i)) {
            return;
        }
        int at = -1;
        int stop = Math.min(limit, userinfo + MAX_USERINFO);
        for (int k = userinfo; k < stop; k++) {
            byte c = a[k];
            if (c == '@') {
                at = k;
            } else if (c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>'
                    || c == '\\' || c == '`' || Ascii.is(c, Ascii.SPACE)) {
                break;
            }
        }
        if (at < 0 || at + 1 >= limit || !(Ascii.isAlnum(a[at + 1]) || a[at + 1] == '[')) {
            return;
        }
        int colon = PemMatcher.indexOf(a, userinfo, at, ":");
        if (colon >= userinfo && colon + 1 < at && !Placeholders.is(a, colon + 1, at)) { // redis://:pw@host: no user
            out.add(colon + 1, at, Detector.URI_PASSWORD);
        }
    }

    /**
     * At '-': {@code curl -u user:password} / {@code --user user:password}; the password part. Numeric pairs
     * ({@code docker run -u 1000:1000}) are a uid:gid, not a credential.
     */
    static void atUserFlag(byte[] a, int lo, int i, int limit, Matches out) {
        if (i > lo && !Ascii.is(a[i - 1], Ascii.SPACE)) {
            return;
        }
        int from;
        if (Ascii.startsWith(a, i, limit, "-u ")) {
            from = i + 3;
        } else if (Ascii.startsWith(a, i, limit, "--user ") || Ascii.startsWith(a, i, limit, "--user=")) {
            from = i + 7;
        } else {
            return;
        }
        byte quote = from < limit && (a[from] == '\'' || a[from] == '"') ? a[from] : 0;
        from += quote == 0 ? 0 : 1;
        int end = from;
        while (end < limit && end - from < MAX_USERINFO && a[end] != quote && (quote != 0 || !Ascii.is(a[end], Ascii.SPACE))) {
            end++;
        }
        int colon = PemMatcher.indexOf(a, from, end, ":");
        if (colon > from && colon + 1 < end && !digitsOnly(a, colon + 1, end) && !Placeholders.is(a, colon + 1, end)) {
            out.add(colon + 1, end, Detector.BASIC_AUTH);
        }
    }

    /**
     * The value of an {@code Authorization} name in text, JSON or YAML ({@code "Authorization": "Token abc"}):
     * the scheme stays, a random-looking credential after it is masked, whatever the scheme ({@code Token},
     * {@code ApiKey}, {@code Bot}, {@code SSWS}, ...). Bearer and Basic have their own matchers.
     */
    static void authorization(byte[] a, int from, int to, boolean[] on, Matches out) {
        int k = from;
        while (k < to && (Ascii.is(a[k], Ascii.UPPER | Ascii.LOWER) || a[k] == '-')) {
            k++;
        }
        int credential = k < to && a[k] == ' ' && k > from ? afterBlanks(a, k, to) : from;
        if (k - from == 5 || k - from == 6) {
            if (Ascii.startsWithIgnoreCase(a, from, to, "basic") || Ascii.startsWithIgnoreCase(a, from, to, "bearer")
                    || Ascii.startsWithIgnoreCase(a, from, to, "digest")) {
                return; // Basic and Bearer have their own matchers; Digest carries parameters, not a credential
            }
        }
        if (Ascii.startsWithIgnoreCase(a, from, to, "negotiate")) {
            return;
        }
        int end = padding(a, Ascii.run(a, credential, to, Ascii.TOKEN68 | Ascii.PAD, MAX_BEARER), to);
        if (on[Detector.BEARER_TOKEN.ordinal()] && end == to && Validators.tokenLike(a, credential, end, 8)) {
            out.add(credential, end, Detector.BEARER_TOKEN);
        }
    }

    private static boolean digitsOnly(byte[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!Ascii.isDigit(a[k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasScheme(byte[] a, int lo, int colon) {
        int k = colon - 1;
        while (k >= lo && colon - k <= 32 && (Ascii.isAlnum(a[k]) || a[k] == '+' || a[k] == '-' || a[k] == '.')) {
            k--;
        }
        return k + 1 < colon && Ascii.is(a[k + 1], Ascii.UPPER | Ascii.LOWER);
    }

    private static int afterBlanks(byte[] a, int from, int limit) {
        int k = from;
        while (k < limit && k - from < 4 && (a[k] == ' ' || a[k] == '\t')) {
            k++;
        }
        return k;
    }

    private static int padding(byte[] a, int end, int limit) {
        int k = end;
        while (k < limit && k - end < 2 && a[k] == '=') {
            k++;
        }
        return k;
    }
}
