package dev.gatehouse.proxy.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first bytes of a command's output kept for its RESPONSE event (masked when the event is built),
 * and how much there was in all. Thread-safe: stdout and stderr are written from their own pumps.
 */
final class CapturedOutput {

    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;

    CapturedOutput(int cap) {
        this.cap = cap;
    }

    synchronized void add(byte[] bytes, int offset, int length) {
        total += length;
        int room = cap - kept.size();
        if (room > 0) {
            kept.write(bytes, offset, Math.min(room, length));
        }
    }

    synchronized long total() {
        return total;
    }

    synchronized boolean truncated() {
        return total > kept.size();
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
