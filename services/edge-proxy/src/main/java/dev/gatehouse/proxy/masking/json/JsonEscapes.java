package dev.gatehouse.proxy.masking.json;

import dev.gatehouse.proxy.masking.ByteSink;

/**
 * JSON string escapes, for the rare value that has any: detectors must see {@code https://u:p@h} in
 * {@code "https:\/\/u:p@h"} and a PEM key's real line breaks, so such a value is decoded, masked and
 * re-encoded. Values without a backslash are scanned in place.
 */
final class JsonEscapes {

    private JsonEscapes() {
    }

    /** Decodes the content of a JSON string (without quotes) into UTF-8 bytes. */
    static void decode(byte[] a, int from, int to, ByteSink out) {
        int k = from;
        while (k < to) {
            byte b = a[k];
            if (b != '\\' || k + 1 >= to) {
                out.write(b);
                k++;
                continue;
            }
            byte e = a[k + 1];
            switch (e) {
                case 'n' -> out.write((byte) '\n');
                case 't' -> out.write((byte) '\t');
                case 'r' -> out.write((byte) '\r');
                case 'b' -> out.write((byte) '\b');
                case 'f' -> out.write((byte) '\f');
                case 'u' -> {
                    k = unicode(a, k, to, out);
                    continue;
                }
                default -> out.write(e); // \" \\ \/ and anything lenient
            }
            k += 2;
        }
    }

    /** Encodes UTF-8 bytes as JSON string content. */
    static void encode(byte[] a, int from, int to, ByteSink out) {
        for (int k = from; k < to; k++) {
            byte b = a[k];
            if (b == '"' || b == '\\') {
                out.write((byte) '\\');
                out.write(b);
            } else if (b >= 0 && b < 0x20) {
                switch (b) {
                    case '\n' -> out.writeAscii("\\n");
                    case '\t' -> out.writeAscii("\\t");
                    case '\r' -> out.writeAscii("\\r");
                    default -> out.writeAscii(String.format("\\u%04x", b));
                }
            } else {
                out.write(b);
            }
        }
    }

    /** {@code \}{@code uXXXX}, with surrogate pairs; returns the index after the escape(s). */
    private static int unicode(byte[] a, int k, int to, ByteSink out) {
        int c = hex4(a, k + 2, to);
        if (c < 0) {
            out.write(a, k, 2);
            return k + 2;
        }
        int next = k + 6;
        if (Character.isHighSurrogate((char) c) && next + 1 < to && a[next] == '\\' && a[next + 1] == 'u') {
            int low = hex4(a, next + 2, to);
            if (low >= 0 && Character.isLowSurrogate((char) low)) {
                utf8(Character.toCodePoint((char) c, (char) low), out);
                return next + 6;
            }
        }
        utf8(Character.isSurrogate((char) c) ? 0xFFFD : c, out);
        return next;
    }

    private static int hex4(byte[] a, int from, int to) {
        if (from + 4 > to) {
            return -1;
        }
        int v = 0;
        for (int k = from; k < from + 4; k++) {
            int d = Character.digit(a[k], 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static void utf8(int cp, ByteSink out) {
        if (cp < 0x80) {
            out.write((byte) cp);
        } else if (cp < 0x800) {
            out.write((byte) (0xC0 | cp >> 6));
            out.write((byte) (0x80 | cp & 0x3F));
        } else if (cp < 0x10000) {
            out.write((byte) (0xE0 | cp >> 12));
            out.write((byte) (0x80 | cp >> 6 & 0x3F));
            out.write((byte) (0x80 | cp & 0x3F));
        } else {
            out.write((byte) (0xF0 | cp >> 18));
            out.write((byte) (0x80 | cp >> 12 & 0x3F));
            out.write((byte) (0x80 | cp >> 6 & 0x3F));
            out.write((byte) (0x80 | cp & 0x3F));
        }
    }
}
