package dev.gatehouse.proxy.ssh;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What the agent types into a shell, cut into lines at Enter (CR or LF) as it passes to the host, each
 * line handed to {@code onLine} (for the audit trail). Best effort: line editing (backspace, cursor
 * keys, completion) is recorded as the raw keys, and a line longer than 4 KiB is cut.
 */
final class TypedLines extends FilterInputStream {

    private static final int MAX_LINE = 4096;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> onLine;

    TypedLines(InputStream in, Consumer<String> onLine) {
        super(in);
        this.onLine = onLine;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            seen(b);
        }
        return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        int n = super.read(bytes, offset, length);
        for (int i = 0; i < n; i++) {
            seen(bytes[offset + i] & 0xff);
        }
        return n;
    }

    private void seen(int b) {
        if (b == '\r' || b == '\n') {
            if (line.size() > 0) {
                onLine.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        }
    }
}
