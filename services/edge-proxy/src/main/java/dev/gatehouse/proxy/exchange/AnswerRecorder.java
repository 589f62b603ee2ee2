package dev.gatehouse.proxy.exchange;

import java.util.Map;

/**
 * What an adapter reassembled of a response for its RESPONSE event (an LLM answer streamed in many
 * events: its text, tool calls and token usage), read once the exchange is done.
 */
@FunctionalInterface
public interface AnswerRecorder {

    Answer answer();

    /** {@code payload}: the record (masked before it leaves the proxy), {@code facts}: operation attributes to add. */
    record Answer(String payload, Map<String, String> facts) {
    }
}
