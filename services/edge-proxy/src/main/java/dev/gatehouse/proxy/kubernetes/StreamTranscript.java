package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.proxy.exchange.StreamEvents;
import dev.gatehouse.proxy.masking.StreamMasker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the trail records of an exec/attach stream, read from the {@code v4}/{@code v5.channel.k8s.io}
 * framing (each binary message starts with its channel: 0 stdin, 1 stdout, 2 stderr, 3 the exit status as
 * a {@code Status} object; resize 4 and close 255 are not kept). Each stdin/stdout/stderr message becomes a
 * session event of its own ({@link StreamEvents}, numbered by the route) while the session's budget lasts; its
 * text is masked across the messages of its channel by a live masker, so a secret the program wrote in two
 * messages is still found: an event carries what the masker released with its message (a trailing word waits
 * for the next message, and what is still held when the stream ends is one last event per channel) ({@link #EVENTS} events, {@link #EVENT_BYTES} bytes; past it messages are counted, not
 * recorded). The RESPONSE event at the stream's end holds the exit code read from the status, the bytes
 * per channel and the whole stream as a replayable recording ({@link StreamCast}, masked whole before it
 * leaves the proxy). The live stream itself is relayed as it is. Both directions write into it
 * concurrently, hence the synchronisation (one lock per stream), which also keeps the events' numbers in
 * the order the messages were relayed.
 */
final class StreamTranscript implements StreamRecording {

    static final int CAP = 64 * 1024;
    static final int EVENTS = 256;
    static final int EVENT_BYTES = 64 * 1024;
    private static final String[] NAMES = {"stdin", "stdout", "stderr", "status"};
    private static final int STATUS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String protocol;
    private final StreamEvents events;
    private final Supplier<StreamMasker> maskers;
    private final StreamMasker[] live = new StreamMasker[STATUS];
    private final StreamCast cast = new StreamCast(CAP);
    private final ByteArrayOutputStream status = new ByteArrayOutputStream();
    private final long[] totals = new long[NAMES.length];
    private int eventCount;
    private long eventBytes;
    private long unrecorded;

    /** {@code events}: where each message is reported, or null when the route set none; {@code maskers}: one per channel. */
    StreamTranscript(String protocol, StreamEvents events, Supplier<StreamMasker> maskers) {
        this.protocol = protocol;
        this.events = events;
        this.maskers = maskers;
    }

    @Override
    public void fromClient(byte[] message) {
        message(message, 0, message.length);
    }

    @Override
    public void fromCluster(byte[] message) {
        message(message, 0, message.length);
    }

    /** One message of the stream (channel byte first). */
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
        if (channel == STATUS) {
            int room = Math.min(data, CAP - status.size());
            status.write(frame, offset + 1, Math.max(0, room));
            return;
        }
        if (data == 0) {
            return;
        }
        cast.add(channel == 0, new String(frame, offset + 1, data, StandardCharsets.UTF_8), data);
        if (events != null) {
            byte[] released = masker(channel).write(frame, offset + 1, data);
            report(NAMES[channel], channel == 0, new String(released, StandardCharsets.UTF_8), data);
        }
    }

    private StreamMasker masker(int channel) {
        if (live[channel] == null) {
            live[channel] = maskers.get();
        }
        return live[channel];
    }

    /** What each channel's masker still holds: the stream ended. */
    private void releaseHeld() {
        for (int channel = 0; channel < STATUS; channel++) {
            byte[] rest = live[channel] == null ? new byte[0] : live[channel].finish();
            if (rest.length > 0 && eventCount < EVENTS && eventBytes < EVENT_BYTES) { // its message was counted
                report(NAMES[channel], channel == 0, new String(rest, StandardCharsets.UTF_8), rest.length);
            }
        }
    }

    private void report(String channel, boolean fromClient, String text, int bytes) {
        if (events == null) {
            return;
        }
        if (eventCount >= EVENTS || eventBytes >= EVENT_BYTES) {
            unrecorded++;
            return;
        }
        eventCount++;
        long room = EVENT_BYTES - eventBytes;
        eventBytes += bytes;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("stream.message", Integer.toString(eventCount));
        if (bytes > room) {
            text = text.substring(0, (int) Math.min(text.length(), room));
            facts.put("stream.messageCut", Integer.toString(bytes));
        }
        events.message(channel, fromClient, text, facts);
    }

    @Override
    public synchronized Answer answer() {
        releaseHeld();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("stream.protocol", protocol);
        for (int i = 0; i < STATUS; i++) {
            if (totals[i] > 0) {
                facts.put("stream." + NAMES[i] + "Bytes", Long.toString(totals[i]));
            }
        }
        facts.put("stream.events", Integer.toString(eventCount));
        if (unrecorded > 0) {
            facts.put("stream.messagesNotRecorded", Long.toString(unrecorded));
        }
        facts.put("exec.exitCode", exitCode());
        facts.put("recording", "asciicast-v2");
        if (cast.dropped() > 0) {
            facts.put("recordingDroppedBytes", Long.toString(cast.dropped()));
        }
        return new Answer(cast.text(), facts);
    }

    /**
     * 0 for a {@code Success} status, the {@code ExitCode} cause of a {@code NonZeroExitCode} failure,
     * {@code unknown} when the stream ended without a status (a cut connection) or with another failure.
     */
    synchronized String exitCode() {
        if (totals[STATUS] == 0 || totals[STATUS] > status.size()) {
            return "unknown";
        }
        try {
            JsonNode parsed = JSON.readTree(status.toByteArray());
            if ("Success".equals(parsed.path("status").asString(""))) {
                return "0";
            }
            for (JsonNode cause : parsed.path("details").path("causes")) {
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
