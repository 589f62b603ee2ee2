package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.proxy.exchange.AnswerRecorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the RESPONSE event of an exec/attach stream records: the bytes of each channel of the
 * {@code v4}/{@code v5.channel.k8s.io} framing (each binary message starts with its channel: 0 stdin,
 * 1 stdout, 2 stderr, 3 the exit status as a {@code Status} object), each capped at {@link #CAP} bytes
 * with the total counted, and the exit code read from the status. The payload is masked with every
 * detector before it leaves the proxy (AuditEvents); the live stream itself is relayed as it is.
 * Both directions write into it concurrently, hence the synchronisation (one lock per stream).
 */
final class StreamTranscript implements AnswerRecorder {

    static final int CAP = 32 * 1024;
    private static final String[] NAMES = {"stdin", "stdout", "stderr", "status"};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String protocol;
    private final ByteArrayOutputStream[] channels = new ByteArrayOutputStream[NAMES.length];
    private final long[] totals = new long[NAMES.length];

    StreamTranscript(String protocol) {
        this.protocol = protocol;
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new ByteArrayOutputStream();
        }
    }

    /** One message of the stream (channel byte first); resize (4) and close (255) signals are not kept. */
    synchronized void message(byte[] frame, int offset, int length) {
        if (length < 1) {
            return;
        }
        int channel = frame[offset] & 0xff;
        if (channel >= NAMES.length) {
            return;
        }
        int data = length - 1;
        totals[channel] += data;
        int room = Math.min(data, CAP - channels[channel].size());
        if (room > 0) {
            channels[channel].write(frame, offset + 1, room);
        }
    }

    @Override
    public synchronized Answer answer() {
        StringBuilder payload = new StringBuilder();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("stream.protocol", protocol);
        for (int i = 0; i < 3; i++) {
            if (totals[i] == 0) {
                continue;
            }
            payload.append(NAMES[i]).append(":\n").append(channels[i].toString(StandardCharsets.UTF_8));
            if (totals[i] > channels[i].size()) {
                payload.append(" …[").append(totals[i] - channels[i].size()).append(" more bytes not recorded]");
            }
            payload.append('\n');
            facts.put("stream." + NAMES[i] + "Bytes", Long.toString(totals[i]));
        }
        facts.put("exec.exitCode", exitCode());
        return new Answer(payload.toString(), facts);
    }

    /**
     * 0 for a {@code Success} status, the {@code ExitCode} cause of a {@code NonZeroExitCode} failure,
     * {@code unknown} when the stream ended without a status (a cut connection) or with another failure.
     */
    String exitCode() {
        if (totals[3] == 0 || totals[3] > channels[3].size()) {
            return "unknown";
        }
        try {
            JsonNode status = JSON.readTree(channels[3].toByteArray());
            if ("Success".equals(status.path("status").asString(""))) {
                return "0";
            }
            for (JsonNode cause : status.path("details").path("causes")) {
                if ("ExitCode".equals(cause.path("reason").asString(""))) {
                    return cause.path("message").asString("unknown");
                }
            }
            return "unknown";
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
