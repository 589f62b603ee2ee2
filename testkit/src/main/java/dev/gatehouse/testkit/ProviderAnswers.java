package dev.gatehouse.testkit;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The answers of {@link LlmProviderDouble}, in the providers' recorded shapes: OpenAI chat completion
 * objects and {@code chat.completion.chunk} events ending in {@code [DONE]}; Anthropic message objects and
 * the {@code message_start} … {@code message_stop} event sequence; Responses API objects and their
 * {@code response.*} events; embeddings. A tool call answers with the tool's
 * arguments {@code {"city":"Berlin","unit":"celsius"}}, streamed in three pieces.
 */
final class ProviderAnswers {

    static final List<String> TOOL_ARGUMENT_PIECES = List.of("{\"city\":", "\"Berlin\",\"unit\"", ":\"celsius\"}");
    private static final long CREATED = 1733500000L;
    private static final String MESSAGE_ID = "msg_67ccd2bf17f0819081ff3bb2cf6508e6";
    static final int EMBEDDING_SIZE = 8;

    private final String model;
    private final List<String> pieces;
    private final String tool;

    ProviderAnswers(String model, List<String> pieces, String tool) {
        this.model = model;
        this.pieces = pieces;
        this.tool = tool;
    }

    private int outputTokens() {
        return tool == null ? pieces.size() : 12;
    }

    String openAiWhole() {
        ObjectNode answer = LlmProviderDouble.object();
        answer.put("id", "chatcmpl-AbC123").put("object", "chat.completion").put("created", CREATED).put("model", model);
        ObjectNode choice = answer.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (tool == null) {
            message.put("content", String.join("", pieces));
            choice.put("finish_reason", "stop");
        } else {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", "call_Xyz789").put("type", "function");
            call.putObject("function").put("name", tool).put("arguments", String.join("", TOOL_ARGUMENT_PIECES));
            choice.put("finish_reason", "tool_calls");
        }
        choice.putNull("logprobs");
        answer.putObject("usage").put("prompt_tokens", 42).put("completion_tokens", outputTokens())
                .put("total_tokens", 42 + outputTokens());
        answer.put("system_fingerprint", "fp_double");
        return answer.toString();
    }

    List<String> openAiEvents(boolean usage) {
        List<String> events = new ArrayList<>();
        ObjectNode first = chunk();
        choices(first).addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").put("role", "assistant").put("content", "");
        events.add(data(first));
        if (tool == null) {
            for (String piece : pieces) {
                ObjectNode chunk = chunk();
                choices(chunk).addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").put("content", piece);
                events.add(data(chunk));
            }
        } else {
            for (int i = 0; i < TOOL_ARGUMENT_PIECES.size(); i++) {
                ObjectNode chunk = chunk();
                ObjectNode call = choices(chunk).addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").putArray("tool_calls").addObject().put("index", 0);
                if (i == 0) {
                    call.put("id", "call_Xyz789").put("type", "function");
                    call.putObject("function").put("name", tool).put("arguments", TOOL_ARGUMENT_PIECES.get(i));
                } else {
                    call.putObject("function").put("arguments", TOOL_ARGUMENT_PIECES.get(i));
                }
                events.add(data(chunk));
            }
        }
        ObjectNode last = chunk();
        choices(last).addObject().put("index", 0).put("finish_reason", tool == null ? "stop" : "tool_calls")
                .putObject("delta");
        events.add(data(last));
        if (usage) {
            ObjectNode counted = chunk();
            counted.putArray("choices");
            counted.putObject("usage").put("prompt_tokens", 42).put("completion_tokens", outputTokens())
                    .put("total_tokens", 42 + outputTokens());
            events.add(data(counted));
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    String anthropicWhole() {
        ObjectNode answer = LlmProviderDouble.object();
        answer.put("id", "msg_01XFDUDYJgAACzvnptvVoYEL").put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = answer.putArray("content");
        if (tool == null) {
            content.addObject().put("type", "text").put("text", String.join("", pieces));
        } else {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_01A09q90qw90lq917835lq9").put("name", tool);
            use.putObject("input").put("city", "Berlin").put("unit", "celsius");
        }
        answer.put("stop_reason", tool == null ? "end_turn" : "tool_use").putNull("stop_sequence");
        answer.putObject("usage").put("input_tokens", 42).put("output_tokens", outputTokens());
        return answer.toString();
    }

    List<String> anthropicEvents() {
        List<String> events = new ArrayList<>();
        ObjectNode start = LlmProviderDouble.object().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", "msg_01XFDUDYJgAACzvnptvVoYEL").put("type", "message")
                .put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 42).put("output_tokens", 1);
        events.add(event("message_start", start));
        ObjectNode blockStart = LlmProviderDouble.object().put("type", "content_block_start").put("index", 0);
        if (tool == null) {
            blockStart.putObject("content_block").put("type", "text").put("text", "");
        } else {
            blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_01A09q90qw90lq917835lq9")
                    .put("name", tool).putObject("input");
        }
        events.add(event("content_block_start", blockStart));
        events.add(event("ping", LlmProviderDouble.object().put("type", "ping")));
        List<String> deltas = tool == null ? pieces : TOOL_ARGUMENT_PIECES;
        for (String piece : deltas) {
            ObjectNode delta = LlmProviderDouble.object().put("type", "content_block_delta").put("index", 0);
            if (tool == null) {
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
            } else {
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
            }
            events.add(event("content_block_delta", delta));
        }
        events.add(event("content_block_stop", LlmProviderDouble.object().put("type", "content_block_stop").put("index", 0)));
        ObjectNode messageDelta = LlmProviderDouble.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", tool == null ? "end_turn" : "tool_use").putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", outputTokens());
        events.add(event("message_delta", messageDelta));
        events.add(event("message_stop", LlmProviderDouble.object().put("type", "message_stop")));
        return events;
    }

    /** A Responses API answer ({@code POST /v1/responses}): one message item of {@code output_text}. */
    String responsesWhole() {
        return response("completed", true).toString();
    }

    /**
     * The Responses API stream: {@code response.created}, the item and its part added, one
     * {@code response.output_text.delta} per piece, the text done, the part and item done, then
     * {@code response.completed} with the whole response and its usage.
     */
    List<String> responsesEvents() {
        List<String> events = new ArrayList<>();
        int[] sequence = {0};
        ObjectNode created = LlmProviderDouble.object().put("type", "response.created");
        created.set("response", response("in_progress", false));
        events.add(sequenced(created, sequence));
        ObjectNode added = LlmProviderDouble.object().put("type", "response.output_item.added").put("output_index", 0);
        added.set("item", messageItem("in_progress", null));
        events.add(sequenced(added, sequence));
        ObjectNode part = LlmProviderDouble.object().put("type", "response.content_part.added")
                .put("item_id", MESSAGE_ID).put("output_index", 0).put("content_index", 0);
        part.set("part", outputText(""));
        events.add(sequenced(part, sequence));
        for (String piece : pieces) {
            ObjectNode delta = LlmProviderDouble.object().put("type", "response.output_text.delta")
                    .put("item_id", MESSAGE_ID).put("output_index", 0).put("content_index", 0).put("delta", piece);
            delta.putArray("logprobs");
            events.add(sequenced(delta, sequence));
        }
        String text = String.join("", pieces);
        ObjectNode textDone = LlmProviderDouble.object().put("type", "response.output_text.done")
                .put("item_id", MESSAGE_ID).put("output_index", 0).put("content_index", 0).put("text", text);
        textDone.putArray("logprobs");
        events.add(sequenced(textDone, sequence));
        ObjectNode partDone = LlmProviderDouble.object().put("type", "response.content_part.done")
                .put("item_id", MESSAGE_ID).put("output_index", 0).put("content_index", 0);
        partDone.set("part", outputText(text));
        events.add(sequenced(partDone, sequence));
        ObjectNode itemDone = LlmProviderDouble.object().put("type", "response.output_item.done").put("output_index", 0);
        itemDone.set("item", messageItem("completed", text));
        events.add(sequenced(itemDone, sequence));
        ObjectNode completed = LlmProviderDouble.object().put("type", "response.completed");
        completed.set("response", response("completed", true));
        events.add(sequenced(completed, sequence));
        return events;
    }

    /**
     * An embeddings answer, one vector of {@link #EMBEDDING_SIZE} per input, as floats or (the SDKs'
     * {@code encoding_format: base64}) little-endian float32 bytes in base64; usage counts prompt tokens only.
     */
    String embeddings(int inputs, boolean base64) {
        ObjectNode answer = LlmProviderDouble.object().put("object", "list");
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < inputs; i++) {
            ObjectNode embedding = data.addObject().put("object", "embedding").put("index", i);
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * EMBEDDING_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ArrayNode floats = LlmProviderDouble.object().putArray("v");
            for (int d = 0; d < EMBEDDING_SIZE; d++) {
                float value = (float) Math.sin(i + d * 0.25);
                bytes.putFloat(value);
                floats.add(value);
            }
            if (base64) {
                embedding.put("embedding", java.util.Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                embedding.set("embedding", floats);
            }
        }
        answer.put("model", model);
        answer.putObject("usage").put("prompt_tokens", 8 * inputs).put("total_tokens", 8 * inputs);
        return answer.toString();
    }

    private ObjectNode response(String status, boolean withOutput) {
        ObjectNode response = LlmProviderDouble.object().put("id", "resp_67ccd2bed1ec8190b14f964abc054267")
                .put("object", "response").put("created_at", CREATED).put("status", status).put("model", model);
        response.putNull("error").putNull("incomplete_details").putNull("instructions").putNull("max_output_tokens");
        ArrayNode output = response.putArray("output");
        if (withOutput) {
            output.add(messageItem("completed", String.join("", pieces)));
        }
        response.put("parallel_tool_calls", true).put("temperature", 1.0).put("tool_choice", "auto").put("top_p", 1.0)
                .put("truncation", "disabled");
        response.putArray("tools");
        response.putObject("metadata");
        response.putObject("text").putObject("format").put("type", "text");
        if (withOutput && status.equals("completed")) {
            ObjectNode usage = response.putObject("usage").put("input_tokens", 42).put("output_tokens", outputTokens())
                    .put("total_tokens", 42 + outputTokens());
            usage.putObject("input_tokens_details").put("cached_tokens", 0);
            usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        } else {
            response.putNull("usage");
        }
        return response;
    }

    private static ObjectNode messageItem(String status, String text) {
        ObjectNode item = LlmProviderDouble.object().put("type", "message").put("id", MESSAGE_ID).put("status", status)
                .put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    private static ObjectNode outputText(String text) {
        ObjectNode part = LlmProviderDouble.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private static String sequenced(ObjectNode event, int[] sequence) {
        event.put("sequence_number", sequence[0]++);
        return event(event.path("type").asString(), event);
    }

    private ObjectNode chunk() {
        ObjectNode chunk = LlmProviderDouble.object();
        chunk.put("id", "chatcmpl-AbC123").put("object", "chat.completion.chunk").put("created", CREATED)
                .put("model", model).put("system_fingerprint", "fp_double");
        chunk.putArray("choices");
        return chunk;
    }

    private static ArrayNode choices(ObjectNode chunk) {
        return (ArrayNode) chunk.get("choices");
    }

    private static String data(ObjectNode node) {
        return "data: " + node + "\n\n";
    }

    private static String event(String name, ObjectNode node) {
        return "event: " + name + "\ndata: " + node + "\n\n";
    }
}
