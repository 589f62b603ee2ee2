package dev.gatehouse.proxy.git;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Stops an inflating stream at a byte budget, so that a small gzip body cannot expand without end. */
final class BoundedInputStream extends FilterInputStream {

    private long remaining;

    BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            spend(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            spend(read);
        }
        return read;
    }

    private void spend(long bytes) throws BodyTooLarge {
        remaining -= bytes;
        if (remaining < 0) {
            throw new BodyTooLarge();
        }
    }
}
