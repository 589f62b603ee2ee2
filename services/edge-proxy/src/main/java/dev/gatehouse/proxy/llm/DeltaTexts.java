package dev.gatehouse.proxy.llm;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The texts of one streamed answer, each masked across its pieces ({@link DeltaText}): OpenAI chat
 * chunks' {@code delta.content}, {@code refusal}, {@code reasoning_content} and tool calls'
 * {@code function.arguments} per choice; Anthropic's content blocks through {@link AnthropicEvents}.
 * Each piece is replaced in its event by what may be released;
 * a text's end (a choice's {@code finish_reason}, a block's stop, the stream's end) releases the rest.
 * {@code logprobs} are dropped: their token strings would carry the answer's text unmasked.
 */
final class DeltaTexts {

    private static final String[] CHAT_FIELDS = {"content", "refusal", "reasoning_content"};

    private final MaskingPlan plan;
    private final MaskingCounts counts;
    private final AnswerLog log;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private ObjectNode template;
    private final ResponsesEvents responses;

    DeltaTexts(MaskingPlan plan, MaskingCounts counts, AnswerLog log) {
        this.plan = plan;
        this.counts = counts;
        this.log = log;
        this.responses = new ResponsesEvents(this, log);
    }

    /** A text and where it goes back into an event. */
    record Channel(DeltaText text, int index, String kind, int tool) {
    }

    int held() {
        int held = 0;
        for (Channel channel : channels.values()) {
            held += channel.text().held();
        }
        return held;
    }

    /** An OpenAI chat chunk, its texts replaced in place; whether nothing else in it needs masking. */
    boolean openAi(ObjectNode chunk, ByteSink out) {
        log.model(chunk.path("model").asString(null));
        log.usage(chunk.path("usage"));
        if (chunk.path("type").asString("").startsWith("response.")) {
            return responses.event(chunk, out);
        }
        template = chunk.deepCopy();
        template.remove("usage");
        template.putArray("choices");
        boolean plain = true;
        for (JsonNode choice : chunk.path("choices")) {
            if (choice instanceof ObjectNode c) {
                plain &= choice(c);
            }
        }
        return plain && !chunk.has("usage");
    }

    private boolean choice(ObjectNode choice) {
        int index = choice.path("index").asInt(0);
        choice.remove("logprobs");
        boolean finished = !choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode();
        if (!(choice.get("delta") instanceof ObjectNode delta)) {
            return !finished;
        }
        boolean plain = true;
        for (String field : CHAT_FIELDS) {
            if (delta.get(field) != null && delta.get(field).isString()) {
                String released = channel("c" + index + field, index, field, -1).text().push(delta.get(field).asString());
                delta.put(field, released);
                if (field.equals("content")) {
                    log.text(released);
                }
            }
        }
        if (delta.get("tool_calls") instanceof ArrayNode calls) {
            plain = false; // ids and names are masked as JSON
            for (JsonNode call : calls) {
                int tool = call.path("index").asInt(0);
                log.tool(tool, call.path("function").path("name").asString(null));
                if (call.path("function") instanceof ObjectNode function && function.path("arguments").isString()) {
                    String released = channel("c" + index + "t" + tool, index, "arguments", tool).text()
                            .push(function.get("arguments").asString());
                    function.put("arguments", released);
                    log.toolArguments(tool, released);
                }
            }
        }
        if (finished) {
            log.stop(choice.path("finish_reason").asString(null));
            flushChoice(index, delta);
            plain = false;
        }
        return plain;
    }

    /** A choice ended: what its texts still hold goes into its last chunk's delta. */
    private void flushChoice(int index, ObjectNode delta) {
        Iterator<Map.Entry<String, Channel>> all = channels.entrySet().iterator();
        while (all.hasNext()) {
            Channel channel = all.next().getValue();
            if (channel.index() != index) {
                continue;
            }
            all.remove();
            String rest = channel.text().flush();
            if (rest.isEmpty()) {
                continue;
            }
            if (channel.tool() < 0) {
                delta.put(channel.kind(), delta.path(channel.kind()).asString("") + rest);
                if (channel.kind().equals("content")) {
                    log.text(rest);
                }
            } else {
                ArrayNode calls = delta.get("tool_calls") instanceof ArrayNode a ? a : delta.putArray("tool_calls");
                ObjectNode call = calls.addObject();
                call.put("index", channel.tool());
                call.putObject("function").put("arguments", rest);
                log.toolArguments(channel.tool(), rest);
            }
        }
    }

    /** The stream ended: every text still held goes out in an event of its own. */
    void flushAll(LlmCall.Flavour flavour, ByteSink out) {
        responses.flushAll(out);
        for (Channel channel : channels.values()) {
            String rest = channel.text().flush();
            if (flavour == LlmCall.Flavour.ANTHROPIC) {
                AnthropicEvents.delta(channel, rest, log, out);
            } else if (!rest.isEmpty() && template != null) {
                ObjectNode chunk = template.deepCopy();
                ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject();
                choice.put("index", channel.index());
                ObjectNode delta = choice.putObject("delta");
                if (channel.tool() < 0) {
                    delta.put(channel.kind(), rest);
                } else {
                    delta.putArray("tool_calls").addObject().put("index", channel.tool())
                            .putObject("function").put("arguments", rest);
                }
                line(out, null, chunk);
            }
        }
        channels.clear();
    }

    static void line(ByteSink out, String name, ObjectNode event) {
        if (name != null) {
            out.writeAscii("event: " + name + "\n");
        }
        out.writeAscii("data: ");
        out.write(LlmCall.JSON.writeValueAsBytes(event));
        out.writeAscii("\n\n");
    }

    /** The held text of an ended block, or {@code null}. */
    Channel remove(String key) {
        return channels.remove(key);
    }

    Channel channel(String key, int index, String kind, int tool) {
        return channels.computeIfAbsent(key, k -> new Channel(new DeltaText(plan, counts), index, kind, tool));
    }
}
