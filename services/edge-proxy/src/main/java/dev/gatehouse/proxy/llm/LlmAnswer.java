package dev.gatehouse.proxy.llm;

import dev.gatehouse.proxy.exchange.AnswerRecorder;
import dev.gatehouse.proxy.masking.ChunkMasker;
import dev.gatehouse.proxy.masking.ChunkMaskers;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.json.JsonStreamMasker;

import java.util.Locale;

/**
 * The answer of one model call: chooses how it is masked as it streams (an event stream by
 * {@link SseAnswerMasker}, a JSON answer by the JSON masker with a {@link JsonAnswerTap}) and gives the
 * RESPONSE event its reassembled record and usage.
 */
final class LlmAnswer implements ChunkMaskers, AnswerRecorder {

    /** How much of a JSON answer is kept to read its usage from. */
    private static final int JSON_COPY = 1024 * 1024;

    private final LlmCall call;
    private final MaskingEngine engine;
    private final int recordBytes;
    private volatile AnswerLog log;

    LlmAnswer(LlmCall call, MaskingEngine engine, int recordBytes) {
        this.call = call;
        this.engine = engine;
        this.recordBytes = recordBytes;
    }

    @Override
    public ChunkMasker create(String contentType, MaskingPlan plan, MaskingCounts counts) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        AnswerLog answer = new AnswerLog(recordBytes);
        if (type.startsWith("text/event-stream")) {
            log = answer;
            return new SseAnswerMasker(call.flavour(), plan, counts, engine, answer);
        }
        if (type.startsWith("application/json")) {
            log = answer;
            return new JsonAnswerTap(new JsonStreamMasker(plan, counts), answer, JSON_COPY);
        }
        return null;
    }

    @Override
    public Answer answer() {
        AnswerLog answer = log;
        return answer == null ? null : new Answer(answer.payload(), answer.facts());
    }

    /** What the call used: the reported usage; the reservation when the answer ran but said nothing; none when it never ran. */
    long tokensUsed(long reserved) {
        AnswerLog answer = log;
        if (answer == null) {
            return 0;
        }
        return answer.usageKnown() ? answer.tokens() : reserved;
    }
}
