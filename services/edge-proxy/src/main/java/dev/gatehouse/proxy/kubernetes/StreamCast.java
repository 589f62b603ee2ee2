package dev.gatehouse.proxy.kubernetes;

import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;

/**
 * An exec/attach stream as a timed terminal recording in the format SSH shells are recorded in and the
 * audit dashboard's session page replays (asciicast v2): a JSON header line, then one {@code [seconds,
 * "o", text]} line per stdout/stderr message and {@code [seconds, "i", text]} per stdin message, as they
 * were relayed. Capped: past {@code cap} characters the rest is counted, not kept. Not thread-safe (the
 * {@link StreamTranscript} holding it is).
 */
final class StreamCast {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StringBuilder cast = new StringBuilder();
    private final int cap;
    private final long startedNanos = System.nanoTime();
    private long dropped;

    StreamCast(int cap) {
        this.cap = cap;
        cast.append("{\"version\":2,\"width\":80,\"height\":24,\"timestamp\":")
                .append(System.currentTimeMillis() / 1000).append("}\n");
    }

    void add(boolean input, String text, int bytes) {
        if (cast.length() >= cap) {
            dropped += bytes;
            return;
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        cast.append('[').append(String.format(Locale.ROOT, "%.6f", seconds)).append(input ? ",\"i\"," : ",\"o\",")
                .append(JSON.writeValueAsString(text)).append("]\n");
    }

    String text() {
        return cast.toString();
    }

    long dropped() {
        return dropped;
    }
}
