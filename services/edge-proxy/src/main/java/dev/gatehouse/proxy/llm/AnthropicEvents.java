package dev.gatehouse.proxy.llm;

import dev.gatehouse.proxy.masking.ByteSink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's stream ({@code message_start} … {@code message_stop}) through {@link DeltaTexts}: the
 * {@code text_delta}, {@code input_json_delta} and {@code thinking_delta} of each content block masked across
 * events; a block's held text is sent as one more delta before its {@code content_block_stop}; usage and the
 * stop reason go to the {@link AnswerLog}.
 */
final class AnthropicEvents {

    private final DeltaTexts texts;
    private final AnswerLog log;

    AnthropicEvents(DeltaTexts texts, AnswerLog log) {
        this.texts = texts;
        this.log = log;
    }

    /** One event, its texts replaced in place; whether nothing else in it needs masking. */
    boolean event(ObjectNode event, ByteSink out) {
        String type = event.path("type").asString("");
        switch (type) {
            case "message_start" -> {
                log.model(event.path("message").path("model").asString(null));
                log.usage(event.path("message").path("usage"));
                return false;
            }
            case "content_block_start" -> {
                JsonNode block = event.path("content_block");
                if ("tool_use".equals(block.path("type").asString(""))) {
                    log.tool(event.path("index").asInt(0), block.path("name").asString(null));
                }
                return false;
            }
            case "content_block_delta" -> {
                return blockDelta(event);
            }
            case "content_block_stop" -> {
                flushBlock(event.path("index").asInt(0), out);
                return true;
            }
            case "message_delta" -> {
                log.usage(event.path("usage"));
                log.stop(event.path("delta").path("stop_reason").asString(null));
                return false;
            }
            case "message_stop" -> {
                texts.flushAll(LlmCall.Flavour.ANTHROPIC, out);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean blockDelta(ObjectNode event) {
        int index = event.path("index").asInt(0);
        if (!(event.get("delta") instanceof ObjectNode delta)) {
            return false;
        }
        String kind = delta.path("type").asString("");
        String field = switch (kind) {
            case "text_delta" -> "text";
            case "input_json_delta" -> "partial_json";
            case "thinking_delta" -> "thinking";
            default -> null;
        };
        if (field == null || !delta.path(field).isString()) {
            return false;
        }
        String released = texts.channel("b" + index, index, kind, -1).text().push(delta.get(field).asString());
        delta.put(field, released);
        if (kind.equals("input_json_delta")) {
            log.toolArguments(index, released);
        } else if (kind.equals("text_delta")) {
            log.text(released);
        }
        return true;
    }

    private void flushBlock(int index, ByteSink out) {
        DeltaTexts.Channel channel = texts.remove("b" + index);
        if (channel != null) {
            delta(channel, channel.text().flush(), log, out);
        }
    }

    /** A block's held text as a {@code content_block_delta} event of its own. */
    static void delta(DeltaTexts.Channel channel, String rest, AnswerLog log, ByteSink out) {
        if (rest.isEmpty()) {
            return;
        }
        String field = switch (channel.kind()) {
            case "input_json_delta" -> "partial_json";
            case "thinking_delta" -> "thinking";
            default -> "text";
        };
        if (channel.kind().equals("input_json_delta")) {
            log.toolArguments(channel.index(), rest);
        } else if (channel.kind().equals("text_delta")) {
            log.text(rest);
        }
        ObjectNode event = LlmCall.JSON.createObjectNode();
        event.put("type", "content_block_delta");
        event.put("index", channel.index());
        event.putObject("delta").put("type", channel.kind()).put(field, rest);
        DeltaTexts.line(out, "content_block_delta", event);
    }

}
