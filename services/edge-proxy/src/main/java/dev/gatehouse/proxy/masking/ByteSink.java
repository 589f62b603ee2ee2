package dev.gatehouse.proxy.masking;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer the maskers write to; drained per chunk so it stays about one chunk large. */
public final class ByteSink {

    private byte[] buf;
    private int size;

    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public void write(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    public void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    public void write(byte[] bytes, int from, int length) {
        if (length <= 0) {
            return;
        }
        ensure(length);
        System.arraycopy(bytes, from, buf, size, length);
        size += length;
    }

    public void writeAscii(String s) {
        ensure(s.length());
        for (int k = 0; k < s.length(); k++) {
            buf[size++] = (byte) s.charAt(k);
        }
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    String toUtf8() {
        return new String(buf, 0, size, StandardCharsets.UTF_8);
    }

    public void reset() {
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
