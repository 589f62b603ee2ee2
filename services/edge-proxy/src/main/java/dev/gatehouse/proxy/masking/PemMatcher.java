package dev.gatehouse.proxy.masking;

/**
 * PEM private key blocks (PKCS#1, PKCS#8, SEC1, OpenSSH, PGP, encrypted). Certificates and public keys
 * share the armour but are not secret, so the label must end in {@code PRIVATE KEY}. The whole block is
 * masked; when the END line is missing (a truncated log line), the run of base64 and line breaks after
 * the header is, so a key cut in half still does not leak its body.
 */
final class PemMatcher {

    /** A 16384-bit RSA key is under 13 KB of PEM; the scanner guarantees this much look-ahead. */
    static final int MAX_BLOCK = 14_000;

    private PemMatcher() {
    }

    static void atDash(byte[] a, int i, int limit, Matches out) {
        if (!Ascii.startsWith(a, i, limit, "-----BEGIN ")) {
            return;
        }
        int labelStart = i + 11;
        int labelEnd = indexOf(a, labelStart, Math.min(limit, labelStart + 48), "-----");
        if (labelEnd < 0 || !privateLabel(a, labelStart, labelEnd)) {
            return;
        }
        int bodyStart = labelEnd + 5;
        int cap = Math.min(limit, i + MAX_BLOCK);
        int endLine = indexOf(a, bodyStart, cap, "-----END ");
        int end;
        if (endLine >= 0) {
            int close = indexOf(a, endLine + 9, Math.min(cap, endLine + 9 + 48), "-----");
            end = close >= 0 ? close + 5 : endLine + 9;
        } else {
            end = armouredRun(a, bodyStart, cap);
        }
        out.add(i, end, Detector.PRIVATE_KEY);
    }

    private static boolean privateLabel(byte[] a, int from, int to) {
        String label = new String(a, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        return label.endsWith("PRIVATE KEY") || label.endsWith("PRIVATE KEY BLOCK");
    }

    /** Base64, padding, line breaks (real or JSON-escaped) and armour headers such as Proc-Type. */
    private static int armouredRun(byte[] a, int from, int cap) {
        int k = from;
        while (k < cap && (Ascii.is(a[k], Ascii.B64 | Ascii.SPACE) || a[k] == '=' || a[k] == '\\'
                || a[k] == ':' || a[k] == ',' || a[k] == '-')) {
            k++;
        }
        return k;
    }

    static int indexOf(byte[] a, int from, int to, String literal) {
        int last = to - literal.length();
        byte first = (byte) literal.charAt(0);
        for (int k = from; k <= last; k++) {
            if (a[k] == first && Ascii.startsWith(a, k, to, literal)) {
                return k;
            }
        }
        return -1;
    }
}
