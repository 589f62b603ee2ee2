package dev.gatehouse.proxy.masking.detect;

/**
 * Byte classes for the scanner. Bodies are scanned as UTF-8 (or any ASCII-compatible charset) bytes:
 * every anchor and every secret shape is ASCII, and bytes of multi-byte characters (>= 0x80) simply
 * belong to no class, so nothing is decoded on the hot path.
 */
public final class Ascii {

    public static final int DIGIT = 1;
    static final int UPPER = 1 << 1;
    static final int LOWER = 1 << 2;
    static final int ALNUM = DIGIT | UPPER | LOWER;
    /** standard base64 alphabet without '=' */
    static final int B64 = 1 << 3;
    /** base64url alphabet without '=' */
    static final int B64URL = 1 << 4;
    /** RFC 6750 b64token characters */
    static final int TOKEN68 = 1 << 5;
    static final int SPACE = 1 << 6;
    /** base64 padding '=' */
    static final int PAD = 1 << 7;

    private static final int[] CLASS = new int[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] |= DIGIT | B64 | B64URL | TOKEN68;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            CLASS[c] |= UPPER | B64 | B64URL | TOKEN68;
            CLASS[c + 32] |= LOWER | B64 | B64URL | TOKEN68;
        }
        CLASS['+'] |= B64 | TOKEN68;
        CLASS['/'] |= B64 | TOKEN68;
        CLASS['-'] |= B64URL | TOKEN68;
        CLASS['_'] |= B64URL | TOKEN68;
        CLASS['.'] |= TOKEN68;
        CLASS['~'] |= TOKEN68;
        CLASS['='] |= PAD;
        for (char c : new char[] {' ', '\t', '\r', '\n', '\f'}) {
            CLASS[c] |= SPACE;
        }
    }

    private Ascii() {
    }

    static boolean is(byte b, int cls) {
        return (CLASS[b & 0xff] & cls) != 0;
    }

    public static boolean isAlnum(byte b) {
        return (CLASS[b & 0xff] & ALNUM) != 0;
    }

    public static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean isUpper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    public static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xff;
    }

    /** End (exclusive) of the run of bytes of class {@code cls} starting at {@code from}, at most {@code max} long. */
    public static int run(byte[] a, int from, int limit, int cls, int max) {
        int end = Math.min(limit, from + max + 1);
        int i = from;
        while (i < end && (CLASS[a[i] & 0xff] & cls) != 0) {
            i++;
        }
        return i;
    }

    /** Case-sensitive literal at {@code at}. */
    public static boolean startsWith(byte[] a, int at, int limit, String literal) {
        int n = literal.length();
        if (at + n > limit) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (a[at + k] != literal.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** ASCII case-insensitive literal at {@code at}; {@code literal} is lower case. */
    static boolean startsWithIgnoreCase(byte[] a, int at, int limit, String literal) {
        int n = literal.length();
        if (at + n > limit) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (lower(a[at + k]) != literal.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Which of lower, upper, digit and other the bytes use, as a count of classes (0-4). */
    static int classes(byte[] a, int from, int to) {
        int seen = 0;
        for (int i = from; i < to; i++) {
            int c = CLASS[a[i] & 0xff];
            seen |= (c & DIGIT) != 0 ? 1 : (c & UPPER) != 0 ? 2 : (c & LOWER) != 0 ? 4 : 8;
        }
        return Integer.bitCount(seen);
    }

    static int distinct(byte[] a, int from, int to) {
        long lo = 0;
        long hi = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            int c = a[i] & 0x7f;
            long bit = 1L << (c & 63);
            if (c < 64) {
                if ((lo & bit) == 0) {
                    lo |= bit;
                    count++;
                }
            } else if ((hi & bit) == 0) {
                hi |= bit;
                count++;
            }
        }
        return count;
    }
}
