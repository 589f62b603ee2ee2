package dev.gatehouse.proxy.masking.detect;

import java.nio.charset.StandardCharsets;

/**
 * A window of the scanned bytes as a {@link CharSequence}, without copying, so a format's shape can be
 * checked with its regex at an anchor. Bytes map to chars one to one (ISO-8859-1): every shape is ASCII,
 * and a byte of a multi-byte character simply matches no shape.
 */
final class AsciiView implements CharSequence {

    private final byte[] a;
    private final int from;
    private final int length;

    AsciiView(byte[] a, int from, int to) {
        this.a = a;
        this.from = from;
        this.length = to - from;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return (char) (a[from + index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new AsciiView(a, from + start, from + end);
    }

    @Override
    public String toString() {
        return new String(a, from, length, StandardCharsets.ISO_8859_1);
    }
}
