package dev.gatehouse.proxy.masking.detect;

/**
 * Credentials wrapped in base64, as configuration stores them: Kubernetes Secret {@code data} values, a
 * Docker {@code config.json} {@code auths.*.auth} ({@code base64(user:password)}), {@code .npmrc}
 * {@code _auth}, a base64 connection string or PEM key. A whole value that is base64 of printable text
 * is decoded and scanned with the same detectors; if one fires, the encoded value is masked as a whole
 * under that detector (the encoding hides nothing from the reader, so it must hide nothing from us).
 * Under a secret-looking name a decoded {@code user:password} is {@code basic-auth}.
 * <p>
 * Cost: most values fail the alphabet test on their first bytes; hex digests and UUIDs are turned away
 * before decoding; binary payloads (images, hashes) fail on the first decoded bytes without allocating.
 */
final class EncodedSecrets {

    static final int MIN_LENGTH = 16;
    /** Under a secret-looking name ({@code auth}) short wrappers count too: base64 of "ci:s3cret!" is 16 chars. */
    private static final int MIN_NAMED = 12;
    private static final int MAX_LENGTH = 12_000;
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        String std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int k = 0; k < std.length(); k++) {
            VALUE[std.charAt(k)] = k;
        }
        VALUE['+'] = 62;
        VALUE['-'] = 62;
        VALUE['/'] = 63;
        VALUE['_'] = 63;
    }

    private EncodedSecrets() {
    }

    /** Whether {@code a[from, to)} is a base64 wrapper of a credential; if so adds the whole span. */
    static boolean check(byte[] a, int from, int to, boolean secretName, boolean[] on, Matches out) {
        int end = to;
        while (end > from && to - end < 2 && a[end - 1] == '=') {
            end--;
        }
        int n = end - from;
        if (n < (secretName ? MIN_NAMED : MIN_LENGTH) || to - from > MAX_LENGTH || n % 4 == 1 || (end != to && (to - from) % 4 != 0)
                || (a[from + 8] == '-' && a[from + 13] == '-') || !alphabet(a, from, end)
                || !printable(a, from, Math.min(end, from + 8))) {
            return false;
        }
        byte[] decoded = decode(a, from, end);
        if (decoded == null) {
            return false;
        }
        Matches inner = new Matches();
        Scanner.scan(decoded, 0, 0, decoded.length, decoded.length, on, inner);
        Detector found = strongest(inner);
        if ((found == null || found.priority() <= Detector.BASIC_AUTH.priority()) && secretName
                && on[Detector.BASIC_AUTH.ordinal()] && userPassword(decoded)) {
            found = Detector.BASIC_AUTH;
        }
        if (found != null) {
            out.add(from, to, found);
        }
        return found != null;
    }

    /** One alphabet (standard or URL-safe), at least one letter and one digit, and not just hex. */
    private static boolean alphabet(byte[] a, int from, int end) {
        boolean std = false;
        boolean url = false;
        boolean digit = false;
        boolean nonHex = false;
        for (int k = from; k < end; k++) {
            byte c = a[k];
            if (c == '+' || c == '/') {
                std = true;
            } else if (c == '-' || c == '_') {
                url = true;
            } else if (!Ascii.isAlnum(c)) {
                return false;
            } else {
                digit |= Ascii.isDigit(c);
                nonHex |= !Ascii.isDigit(c) && (Ascii.lower(c) < 'a' || Ascii.lower(c) > 'f');
            }
        }
        // a UUID or a hex digest is not a wrapper; plain words ("ProductionEnvironment") are not either
        return !(std && url) && nonHex && (digit || std || url || end - from >= 24);
    }

    /** The first quantums decode to printable text: binary (images, hashes) is turned away here. */
    private static boolean printable(byte[] a, int from, int end) {
        int bits = 0;
        int have = 0;
        for (int k = from; k < end; k++) {
            bits = bits << 6 | VALUE[a[k]];
            have += 6;
            if (have >= 8) {
                have -= 8;
                if (!printable((bits >> have) & 0xff)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** ASCII text: random bytes pass this for a few characters, never for a whole value. */
    private static boolean printable(int b) {
        return (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t';
    }

    /** {@code user:password}: a user name without blanks, a colon, a password. */
    private static boolean userPassword(byte[] decoded) {
        int colon = -1;
        for (int k = 0; k < decoded.length; k++) {
            byte c = decoded[k];
            if (c <= ' ') {
                return false;
            }
            if (c == ':' && colon < 0) {
                colon = k;
            } else if (colon < 0 && !Ascii.isAlnum(c) && "._@$+-".indexOf(c) < 0) {
                return false;
            }
        }
        return colon > 0 && colon < decoded.length - 1;
    }

    /**
     * A value in URL-encoded form ({@code aws_secret_access_key=wJalr%2FXUtn...}): decoded and checked like
     * the plain value; a finding masks the encoded value whole.
     */
    static boolean percentEncoded(byte[] a, int from, int to, int kind, boolean[] on, Matches out) {
        int escapes = 0;
        for (int k = from; k + 2 < to && escapes == 0; k++) {
            escapes += a[k] == '%' && hex(a[k + 1]) >= 0 && hex(a[k + 2]) >= 0 ? 1 : 0;
        }
        if (escapes == 0 || to - from > MAX_LENGTH) {
            return false;
        }
        byte[] decoded = new byte[to - from];
        int n = 0;
        for (int k = from; k < to; k++) {
            if (a[k] == '%' && k + 2 < to && hex(a[k + 1]) >= 0 && hex(a[k + 2]) >= 0) {
                decoded[n++] = (byte) (hex(a[k + 1]) << 4 | hex(a[k + 2]));
                k += 2;
            } else {
                decoded[n++] = a[k];
            }
        }
        Matches inner = new Matches();
        Scanner.scan(decoded, 0, 0, n, n, on, inner);
        SecretValues.value(decoded, 0, n, kind, on, inner);
        Detector found = strongest(inner);
        if (found != null) {
            out.add(from, to, found);
        }
        return true; // the decoded form decided, found or not
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /** The decoded bytes if every one is printable text (UTF-8 allowed), else null. */
    private static byte[] decode(byte[] a, int from, int end) {
        byte[] decoded = new byte[(end - from) * 3 / 4];
        int bits = 0;
        int have = 0;
        int n = 0;
        for (int k = from; k < end; k++) {
            bits = bits << 6 | VALUE[a[k]];
            have += 6;
            if (have >= 8) {
                have -= 8;
                int b = (bits >> have) & 0xff;
                if (!printable(b)) {
                    return null;
                }
                decoded[n++] = (byte) b;
            }
        }
        return n == decoded.length ? decoded : java.util.Arrays.copyOf(decoded, n);
    }

    private static Detector strongest(Matches inner) {
        Detector best = null;
        for (int k = 0; k < inner.size(); k++) {
            Detector d = inner.detector(k);
            if (best == null || d.priority() > best.priority()) {
                best = d;
            }
        }
        return best;
    }
}
