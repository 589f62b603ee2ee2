package dev.gatehouse.proxy.ssh;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An interactive session as a timed terminal stream, asciicast v2 (a JSON header line, then one
 * {@code [seconds, "o", text]} line per output chunk as the agent got it, i.e. masked), capped in size:
 * past the cap the rest is counted, not kept. Thread-safe.
 */
final class ShellRecording {

    private final StringBuilder cast = new StringBuilder();
    private final int cap;
    private final long startedNanos = System.nanoTime();
    private long dropped;

    ShellRecording(int columns, int lines, String term, int cap) {
        this.cap = cap;
        cast.append("{\"version\":2,\"width\":").append(columns).append(",\"height\":").append(lines)
                .append(",\"timestamp\":").append(System.currentTimeMillis() / 1000)
                .append(",\"env\":{\"TERM\":").append(json(term)).append("}}\n");
    }

    synchronized void output(byte[] bytes, int offset, int length) {
        if (cast.length() >= cap) {
            dropped += length;
            return;
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        cast.append('[').append(String.format(Locale.ROOT, "%.6f", seconds)).append(",\"o\",")
                .append(json(new String(bytes, offset, length, StandardCharsets.UTF_8))).append("]\n");
    }

    synchronized String asciicast() {
        return cast.toString();
    }

    synchronized long dropped() {
        return dropped;
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
