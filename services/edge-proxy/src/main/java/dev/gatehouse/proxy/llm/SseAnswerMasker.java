package dev.gatehouse.proxy.llm;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.ChunkMasker;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.MaskingPlan;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streamed answer (server-sent events), masked event by event: each complete event goes out as soon as
 * it arrived, its text pieces masked across events by {@link DeltaTexts} (only what a detector still needs
 * is held back and sent with a later event; a text's end flushes it), every other field of the event
 * masked as JSON. What the caller received is reassembled into the {@link AnswerLog}. An event that cannot
 * be read, or one larger than {@link #MAX_EVENT}, cuts the stream with an error event in the provider's
 * form: nothing after it is passed unmasked.
 */
final class SseAnswerMasker implements ChunkMasker {

    static final int MAX_EVENT = 1024 * 1024;

    private final LlmCall.Flavour flavour;
    private final MaskingPlan plan;
    private final MaskingCounts counts;
    private final MaskingEngine engine;
    private final AnswerLog log;
    private final DeltaTexts texts;
    private final AnthropicEvents anthropic;
    private byte[] buf = new byte[8192];
    private int len;
    private int searched;
    private boolean cut;

    SseAnswerMasker(LlmCall.Flavour flavour, MaskingPlan plan, MaskingCounts counts, MaskingEngine engine, AnswerLog log) {
        this.flavour = flavour;
        this.plan = plan;
        this.counts = counts;
        this.engine = engine;
        this.log = log;
        this.texts = new DeltaTexts(plan, counts, log);
        this.anthropic = new AnthropicEvents(texts, log);
    }

    @Override
    public void write(byte[] chunk, int offset, int length, ByteSink out) {
        if (cut) {
            return;
        }
        if (len + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + length));
        }
        System.arraycopy(chunk, offset, buf, len, length);
        len += length;
        int start = 0;
        int end;
        while (!cut && (end = eventEnd(Math.max(start, searched))) >= 0) {
            String event = new String(buf, start, end - start, StandardCharsets.UTF_8);
            start = end + (buf[end + 1] == '\n' ? 2 : 3);
            handle(event, out);
        }
        System.arraycopy(buf, start, buf, 0, len - start);
        len -= start;
        // an event arriving in many small reads is searched for its end once, not from its start each time
        searched = Math.max(0, len - 2);
        if (len > MAX_EVENT && !cut) {
            cut(out, "an event larger than the proxy masks");
        }
    }

    @Override
    public void finish(ByteSink out) {
        if (cut) {
            return;
        }
        if (len > 0) {
            handle(new String(buf, 0, len, StandardCharsets.UTF_8), out);
            len = 0;
        }
        if (!cut) {
            texts.flushAll(flavour, out);
        }
    }

    @Override
    public int held() {
        return len + texts.held();
    }

    /** The index of the line break that ends an event (followed by an empty line), or -1. */
    private int eventEnd(int from) {
        for (int i = from; i + 1 < len; i++) {
            if (buf[i] == '\n' && (buf[i + 1] == '\n' || (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n'))) {
                return i;
            }
        }
        return -1;
    }

    private void handle(String event, ByteSink out) {
        String name = null;
        StringBuilder data = null;
        for (String raw : event.split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.startsWith("data:")) {
                String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            }
        }
        if (data == null) {
            return; // comments and keep-alives carry nothing the caller needs
        }
        if (data.toString().equals("[DONE]")) {
            texts.flushAll(flavour, out);
            out.writeAscii("data: [DONE]\n\n");
            return;
        }
        JsonNode node;
        try {
            node = LlmCall.JSON.readTree(data.toString());
        } catch (JacksonException e) {
            cut(out, "an event that is not JSON");
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            cut(out, "an event that is not a JSON object");
            return;
        }
        boolean plain = flavour == LlmCall.Flavour.ANTHROPIC ? anthropic.event(object, out) : texts.openAi(object, out);
        write(name, object, plain, out);
    }

    /** An event out: {@code plain} when its only text went through {@link DeltaTexts}, else every string is masked. */
    void write(String name, ObjectNode event, boolean plain, ByteSink out) {
        byte[] json = LlmCall.JSON.writeValueAsBytes(event);
        byte[] masked = plain ? json : engine.maskJson(json, plan, counts);
        if (name != null) {
            out.writeAscii("event: ");
            out.write(name.getBytes(StandardCharsets.UTF_8));
            out.writeAscii("\n");
        }
        out.writeAscii("data: ");
        out.write(masked);
        out.writeAscii("\n\n");
    }

    private void cut(ByteSink out, String reason) {
        cut = true;
        log.cut(reason);
        String message = "Gatehouse cut the stream: " + reason + " could not be masked";
        if (flavour == LlmCall.Flavour.ANTHROPIC) {
            out.writeAscii("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\""
                    + message + "\"}}\n\n");
        } else {
            out.writeAscii("data: {\"error\":{\"message\":\"" + message + "\",\"type\":\"gatehouse_masking_failed\"}}\n\n");
        }
    }
}
