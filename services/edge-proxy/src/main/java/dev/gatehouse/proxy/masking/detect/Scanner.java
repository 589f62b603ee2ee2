package dev.gatehouse.proxy.masking.detect;

/**
 * The single pass over the bytes. Every detector has an anchor that is cheap to see: the first bytes of
 * a word (a hundred token prefixes through {@link TokenFormats}' pair table, Bearer/Basic, IBAN country
 * codes, digit groups) or one punctuation byte ('@' e-mail, ':' URIs and secret names, '=' secret names,
 * '-' PEM armour and CLI flags, '+'/'(' phones, '~' ':' '-' for formats fixed in the middle, '%'
 * URL-encoded separators; Terraform's {@code .atlasv1.} is seen at its 'a'). The loop only looks up a byte's action in a table; the matchers run around
 * anchors. That is what makes all detectors together cost about one pass instead of one regex pass each.
 * <p>
 * Contract for streaming callers: anchors are taken at positions {@code [from, to)}; a matcher reads at
 * most {@link #LOOK_BEHIND} bytes back (never before {@code lo}) and {@link #LOOK_AHEAD} bytes ahead
 * (never at or past {@code limit}).
 */
public final class Scanner {

    public static final int LOOK_BEHIND = 160;
    public static final int LOOK_AHEAD = 16_384;
    /** How far back a scan that resumes mid-buffer re-reads to know whether it starts inside a word or an escape. */
    private static final int PRELUDE = 8;

    // Ordered so that every byte of a word (letters, digits) is one range test: inside a word nothing else runs.
    private static final byte NONE = 0;
    private static final byte WORD = 1;
    /** a letter that only starts token prefixes: one bit test at a word start, a call only on a hit */
    private static final byte WORD_PREFIX = 2;
    private static final byte WORD_ANCHOR = 3;
    private static final byte PUNCT_ANCHOR = 4;
    private static final byte ESCAPE = 5;
    private static final byte[] ACTION = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            ACTION[c] = WORD_ANCHOR;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            ACTION[c] = WORD_ANCHOR;
            ACTION[c + 32] = TokenFormats.startsPrefix(c + 32) ? WORD_PREFIX : WORD;
        }
        for (char c : "abgxsrep".toCharArray()) {
            ACTION[c] = WORD_ANCHOR;
        }
        for (char c : "@%:=-+(~".toCharArray()) {
            ACTION[c] = PUNCT_ANCHOR;
        }
        ACTION['\\'] = ESCAPE;
    }

    private Scanner() {
    }

    public static void scan(byte[] a, int lo, int from, int to, int limit, boolean[] on, Matches out) {
        long state = resume(a, lo, from, limit);
        boolean inWord = (state & 1) != 0;
        int pending = (int) (state >>> 1);
        if (pending > from && pending < to) {
            anchorAt(a, lo, pending, limit, on, out); // an escape before this chunk ended inside it
        }
        // i only ever counts up by one, and letters inside a word cost one branch: the loop stays tight
        for (int i = from; i < to; i++) {
            byte action = ACTION[a[i] & 0xff];
            if (action <= WORD_ANCHOR) {
                if (action == NONE) {
                    inWord = false;
                } else if (!inWord) {
                    inWord = true;
                    if (action != WORD && TokenFormats.mayStart(a, i, limit)) {
                        TokenFormats.atWord(a, i, limit, on, out);
                    }
                    if (action == WORD_ANCHOR) {
                        Anchors.atWord(a, lo, i, limit, on, out);
                    }
                }
            } else {
                inWord = nonWord(a, lo, i, to, limit, action, on, out);
            }
        }
    }

    /** A byte that is not part of a word: an anchor, an escape. Returns whether a word goes on after it. */
    private static boolean nonWord(byte[] a, int lo, int i, int to, int limit, byte action, boolean[] on, Matches out) {
        int escape = 0;
        if (action == PUNCT_ANCHOR) {
            Anchors.atPunctuation(a, lo, i, limit, on, out);
            escape = a[i] == '%' && percentEscape(a, i, limit) ? 2 : 0;
        } else {
            escape = escapeLength(a, i, limit);
        }
        if (escape > 0 && i + 1 + escape < to) {
            anchorAt(a, lo, i + 1 + escape, limit, on, out);
        }
        return escape > 0;
    }

    /**
     * Escapes end a word: in JSON-escaped text {@code \\nsk-ant-...} and in URL-encoded text
     * {@code token%3Dghp_...} the token starts a word although a letter or digit precedes it. The escape's
     * own letters and digits ({@code n}, {@code u0022}, {@code 3D}) start no word (the scan goes on as
     * inside a word); the byte after the escape is taken as a word start right away.
     */
    private static void anchorAt(byte[] a, int lo, int k, int limit, boolean[] on, Matches out) {
        byte action = ACTION[a[k] & 0xff];
        if ((action == WORD_ANCHOR || action == WORD_PREFIX) && TokenFormats.mayStart(a, k, limit)) {
            TokenFormats.atWord(a, k, limit, on, out);
        }
        if (action == WORD_ANCHOR) {
            Anchors.atWord(a, lo, k, limit, on, out);
        }
    }

    private static int escapeLength(byte[] a, int i, int limit) {
        if (i + 1 >= limit) {
            return 0;
        }
        byte next = a[i + 1];
        if (next == 'u' && i + 5 < limit && isHex(a[i + 2]) && isHex(a[i + 3]) && isHex(a[i + 4]) && isHex(a[i + 5])) {
            return 5;
        }
        return next == 'n' || next == 't' || next == 'r' || next == 'b' || next == 'f' || next == '\\' ? 1 : 0;
    }

    private static boolean percentEscape(byte[] a, int i, int limit) {
        return i + 2 < limit && isHex(a[i + 1]) && isHex(a[i + 2]);
    }

    /**
     * The state a scan starting at {@code from} begins in, so that a streamed body split mid-word or
     * mid-escape is scanned exactly as it would be in one piece: whether {@code from} is inside a word
     * (bit 0), and where an escape that began before {@code from} ends (the rest; 0 if none), re-read from
     * a few bytes back without firing anchors.
     */
    private static long resume(byte[] a, int lo, int from, int limit) {
        int k = Math.max(lo, from - PRELUDE);
        boolean inWord = k > lo && Ascii.isAlnum(a[k - 1]);
        int pending = 0;
        for (; k < from; k++) {
            byte action = ACTION[a[k] & 0xff];
            int escape = action == ESCAPE ? escapeLength(a, k, limit)
                    : a[k] == '%' && percentEscape(a, k, limit) ? 2 : 0;
            inWord = escape > 0 || (action != NONE && action != PUNCT_ANCHOR && action != ESCAPE);
            if (escape > 0) {
                pending = k + 1 + escape;
            }
        }
        if (pending == from) {
            inWord = false; // the escape ends right here: this byte starts a word
        }
        return (long) pending << 1 | (inWord ? 1 : 0);
    }

    private static boolean isHex(byte b) {
        return Ascii.isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
