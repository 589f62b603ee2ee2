package dev.gatehouse.proxy.llm;

import dev.gatehouse.proxy.masking.ByteSink;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI's Responses API stream through {@link DeltaTexts}: the {@code delta} of
 * {@code response.output_text.delta}, {@code response.refusal.delta}, {@code response.reasoning_text.delta},
 * {@code response.reasoning_summary_text.delta} and {@code response.function_call_arguments.delta} masked
 * across events per output item and content part. The matching {@code ….done} event (which repeats the
 * whole text) is preceded by one more delta with what was held, and is itself masked whole as JSON, as is
 * {@code response.completed}; its usage goes to the {@link AnswerLog}.
 */
final class ResponsesEvents {

    private final DeltaTexts texts;
    private final AnswerLog log;
    /** The last delta event of each text, the form its held rest goes out in. */
    private final Map<String, ObjectNode> templates = new HashMap<>();

    ResponsesEvents(DeltaTexts texts, AnswerLog log) {
        this.texts = texts;
        this.log = log;
    }

    /** One event, its delta replaced in place; whether nothing else in it needs masking. */
    boolean event(ObjectNode event, ByteSink out) {
        String type = event.path("type").asString("");
        if (type.equals("response.completed") || type.equals("response.incomplete")) {
            log.usage(event.path("response").path("usage"));
            log.model(event.path("response").path("model").asString(null));
            flushAll(out);
            return false;
        }
        String key = key(event);
        if (type.endsWith(".delta") && event.path("delta").isString()) {
            event.remove("logprobs"); // their token strings would carry the text unmasked
            templates.put(key, event.deepCopy());
            String released = texts.channel(key, event.path("output_index").asInt(0), type, -1).text()
                    .push(event.get("delta").asString());
            event.put("delta", released);
            if (type.equals("response.output_text.delta")) {
                log.text(released);
            }
            return true;
        }
        if (type.endsWith(".done")) {
            flush(key, out);
        }
        return false;
    }

    private void flush(String key, ByteSink out) {
        DeltaTexts.Channel channel = texts.remove(key);
        ObjectNode template = templates.remove(key);
        if (channel == null || template == null) {
            return;
        }
        String rest = channel.text().flush();
        if (!rest.isEmpty()) {
            template.put("delta", rest);
            if (channel.kind().equals("response.output_text.delta")) {
                log.text(rest);
            }
            DeltaTexts.line(out, channel.kind(), template);
        }
    }

    void flushAll(ByteSink out) {
        for (String key : templates.keySet().toArray(String[]::new)) {
            flush(key, out);
        }
    }

    private static String key(ObjectNode event) {
        return "r" + event.path("item_id").asString("") + ":" + event.path("content_index").asInt(0)
                + ":" + event.path("summary_index").asInt(0);
    }
}
