package dev.gatehouse.proxy.masking.detect;

/**
 * PEM private key blocks (PKCS#1, PKCS#8, SEC1, OpenSSH, PGP, encrypted). Certificates and public keys
 * share the armour but are not secret, so the label must end in {@code PRIVATE KEY}. The whole block is
 * masked; when the END line is missing (a truncated log line), the run of base64 and line breaks after
 * the header is, so a key cut in half still does not leak its body.
 */
public final class PemMatcher {

    /** A 16384-bit RSA key is under 13 KB of PEM; the scanner guarantees this much look-ahead. */
    static final int MAX_BLOCK = 14_000;
    private static final String ENCODED_BEGIN = "LS0tLS1CRUdJTi";

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
        if (!hasKeyData(a, bodyStart, Math.min(cap, bodyStart + 400))) {
            return; // code and docs about the armour ("-----BEGIN PRIVATE KEY-----", "Base64 private key")
        }
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

    /**
     * At 'L' of {@code LS0tLS1CRUdJTi} ("-----BEGIN " in base64): a PEM block wrapped in base64, as
     * Kubernetes Secrets ({@code tls.key}) and CI variables hold keys. Masked whole if its header names a
     * private key, across the line breaks of wrapped base64.
     */
    static void atEncoded(byte[] a, int i, int limit, Matches out) {
        if (!Ascii.startsWith(a, i, limit, ENCODED_BEGIN)) {
            return;
        }
        int headerEnd = Ascii.run(a, i, limit, Ascii.B64, 64);
        byte[] header;
        try {
            header = java.util.Base64.getDecoder().decode(new String(a, i, (headerEnd - i) & ~3,
                    java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return;
        }
        String text = new String(header, java.nio.charset.StandardCharsets.ISO_8859_1);
        int close = text.indexOf("-----", 11);
        if (close < 0 || !privateLabel(header, 11, close)) {
            return;
        }
        int cap = Math.min(limit, i + MAX_BLOCK * 4 / 3);
        int end = i;
        while (true) {
            int lineFrom = end;
            int line = Ascii.run(a, lineFrom, cap, Ascii.B64, cap);
            end = Ascii.run(a, line, cap, Ascii.PAD, 2);
            int next = lineBreak(a, end, cap);
            // wrapped base64 goes on after a full line without padding; anything else ends the block
            if (end > line || line - lineFrom < 60 || next < 0 || next >= cap || !Ascii.is(a[next], Ascii.B64)) {
                break;
            }
            end = next;
        }
        out.add(i, end, Detector.PRIVATE_KEY);
    }

    /**
     * A key's body starts right after the header (and armour headers such as Proc-Type) with a base64 line;
     * 24 characters of it are more than code or prose about the armour has there ({@code "-----BEGIN
     * PRIVATE KEY-----", "")}, a Javadoc line).
     */
    private static boolean hasKeyData(byte[] a, int from, int to) {
        int k = from;
        while (k < to) {
            int next = lineBreak(a, k, to);
            if (next > 0) {
                k = next;
            } else if (a[k] == ' ' || a[k] == '\t') {
                k++;
            } else if (Ascii.startsWith(a, k, to, "Proc-Type:") || Ascii.startsWith(a, k, to, "DEK-Info:")
                    || Ascii.startsWith(a, k, to, "Comment:")) {
                while (k < to && lineBreak(a, k, to) < 0) {
                    k++;
                }
            } else {
                return Ascii.run(a, k, to, Ascii.B64, 24) - k >= 24;
            }
        }
        return false;
    }

    /** Just past a line break (real or JSON-escaped) at {@code k}, or -1. */
    private static int lineBreak(byte[] a, int k, int cap) {
        if (k + 1 < cap && a[k] == '\\' && (a[k + 1] == 'n' || a[k + 1] == 'r')) {
            return k + 3 < cap && a[k + 1] == 'r' && a[k + 2] == '\\' && a[k + 3] == 'n' ? k + 4 : k + 2;
        }
        if (k < cap && a[k] == '\r') {
            return k + 1 < cap && a[k + 1] == '\n' ? k + 2 : k + 1;
        }
        return k < cap && a[k] == '\n' ? k + 1 : -1;
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

    public static int indexOf(byte[] a, int from, int to, String literal) {
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
