package dev.gatehouse.proxy.llm;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.ChunkMasker;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;

/**
 * A whole (not streamed) answer: masked by the JSON masker as any JSON body, and a copy of what the caller
 * received (bounded) read at the end for the answer's record and usage.
 */
final class JsonAnswerTap implements ChunkMasker {

    private final ChunkMasker json;
    private final AnswerLog log;
    private final int limit;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private boolean overflow;

    JsonAnswerTap(ChunkMasker json, AnswerLog log, int limit) {
        this.json = json;
        this.log = log;
        this.limit = limit;
    }

    @Override
    public void write(byte[] chunk, int offset, int length, ByteSink out) {
        int before = out.size();
        json.write(chunk, offset, length, out);
        keep(out, before);
    }

    @Override
    public void finish(ByteSink out) {
        int before = out.size();
        json.finish(out);
        keep(out, before);
        if (overflow) {
            log.cut("answer larger than the record keeps");
            return;
        }
        try {
            read(LlmCall.JSON.readTree(copy.toByteArray()));
        } catch (JacksonException e) {
            log.cut("answer is not JSON");
        }
    }

    @Override
    public int held() {
        return json.held();
    }

    @Override
    public boolean degraded() {
        return json.degraded();
    }

    private void read(JsonNode answer) {
        log.model(answer.path("model").asString(null));
        log.usage(answer.path("usage"));
        for (JsonNode choice : answer.path("choices")) {   // OpenAI chat
            JsonNode message = choice.path("message");
            log.text(message.path("content").asString(""));
            int index = 0;
            for (JsonNode call : message.path("tool_calls")) {
                log.tool(index, call.path("function").path("name").asString(null));
                log.toolArguments(index++, call.path("function").path("arguments").asString(""));
            }
            log.stop(choice.path("finish_reason").asString(null));
        }
        int index = 0;
        for (JsonNode block : answer.path("content")) {    // Anthropic messages
            if ("tool_use".equals(block.path("type").asString(""))) {
                log.tool(index, block.path("name").asString(null));
                log.toolArguments(index++, block.path("input").toString());
            } else {
                log.text(block.path("text").asString(""));
            }
        }
        log.stop(answer.path("stop_reason").asString(null));
    }

    private void keep(ByteSink out, int from) {
        int n = out.size() - from;
        if (n <= 0 || overflow) {
            return;
        }
        if (copy.size() + n > limit) {
            overflow = true;
            return;
        }
        copy.write(out.array(), from, n);
    }
}
