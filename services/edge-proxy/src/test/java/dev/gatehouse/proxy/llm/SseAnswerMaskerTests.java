package dev.gatehouse.proxy.llm;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.Plans;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A streamed answer masked event by event: secrets across events, any network split, fail closed. */
class SseAnswerMaskerTests {

    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";

    @Test
    void aKeySplitAcrossThreeOpenAiEventsIsMaskedAndTheRestFlowsThrough() {
        String out = mask(LlmCall.Flavour.OPENAI, openAi("Key ", "AKIA4QZ7", "XK2M9P", "LR3TWN is live.") + "data: [DONE]\n\n");

        assertThat(openAiText(out)).isEqualTo("Key [REDACTED:aws-access-key] is live.");
        assertThat(out).doesNotContain("AKIA4QZ7").doesNotContain("LR3TWN").endsWith("data: [DONE]\n\n");
    }

    @Test
    void wordsGoOutWithTheirOwnEventOnlyTheTrailingRunIsHeld() {
        SseAnswerMasker masker = new SseAnswerMasker(LlmCall.Flavour.OPENAI, Plans.allRedact(), new MaskingCounts(),
                new MaskingEngine(), new AnswerLog(1024));
        ByteSink out = new ByteSink(256);

        masker.write(bytes(chunk("The build ")), 0, chunk("The build ").length(), out);
        assertThat(openAiText(out(out))).as("released with its own event").isEqualTo("The build ");
        out.reset();
        masker.write(bytes(chunk("failed")), 0, chunk("failed").length(), out);
        assertThat(openAiText(out(out))).as("a word may still be the start of a token").isEmpty();
        out.reset();
        masker.write(bytes(chunk(" today.")), 0, chunk(" today.").length(), out);
        assertThat(openAiText(out(out))).as("the new trailing run waits in turn").isEqualTo("failed ");
        out.reset();
        masker.finish(out);
        assertThat(openAiText(out(out))).as("the end flushes it").isEqualTo("today.");
    }

    @Test
    void aPrivateKeyStreamedLineByLineIsHeldUntilItsEndAndMasked() {
        String body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";
        String out = mask(LlmCall.Flavour.OPENAI, openAi("Here:\n-----BEGIN RSA PRIVATE KEY-----\n", body + "\n",
                "VXH4Qh0hSJXhNx3kVcNHJ1nVpWGqfYcTQ0pN9oTnM5i4BKYzE2JqCk6vR8LwXc9d\n", "-----END RSA PRIVATE KEY-----\n", "done")
                + "data: [DONE]\n\n");

        assertThat(out).doesNotContain(body).doesNotContain("VXH4Qh0h");
        assertThat(openAiText(out)).startsWith("Here:").endsWith("done");
    }

    @Test
    void anAnthropicTextAndToolInputAreMaskedAcrossEvents() {
        String stream = anthropicEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":42,\"output_tokens\":1}}}")
                + anthropicEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + textDelta("key=AKIA4QZ7") + textDelta("XK2M9PLR3TWN") + textDelta(" ok")
                + anthropicEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + anthropicEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}")
                + anthropicEvent("message_stop", "{\"type\":\"message_stop\"}");
        AnswerLog log = new AnswerLog(1024);

        String out = mask(LlmCall.Flavour.ANTHROPIC, stream, log);

        assertThat(out).doesNotContain("AKIA4QZ7").doesNotContain("XK2M9PLR3TWN");
        assertThat(anthropicText(out)).isEqualTo("key=[REDACTED:aws-access-key] ok");
        assertThat(log.facts()).containsEntry("llm.inputTokens", "42").containsEntry("llm.outputTokens", "9");
    }

    @Test
    void aResponsesApiStreamIsMaskedAcrossItsDeltasAndItsDoneAndCompletedEvents() {
        String item = "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0";
        String stream = responses("response.output_text.delta", "{\"type\":\"response.output_text.delta\"," + item
                + ",\"delta\":\"key AKIA4QZ7\",\"logprobs\":[{\"token\":\"AKIA4QZ7\"}]}")
                + responses("response.output_text.delta", "{\"type\":\"response.output_text.delta\"," + item
                + ",\"delta\":\"XK2M9PLR3TWN done\"}")
                + responses("response.output_text.done", "{\"type\":\"response.output_text.done\"," + item
                + ",\"text\":\"key " + AWS_KEY + " done\"}")
                + responses("response.completed", "{\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-4o-mini\","
                + "\"output\":[{\"content\":[{\"text\":\"key " + AWS_KEY + " done\"}]}],"
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":5}}}");
        AnswerLog log = new AnswerLog(1024);

        String out = mask(LlmCall.Flavour.OPENAI, stream, log);

        assertThat(out).doesNotContain("AKIA4QZ7").doesNotContain("XK2M9PLR3TWN").doesNotContain("logprobs");
        StringBuilder deltas = new StringBuilder();
        for (String data : datas(out)) {
            JsonNode event = LlmCall.JSON.readTree(data);
            if (event.path("type").asString().equals("response.output_text.delta")) {
                deltas.append(event.path("delta").asString());
            }
        }
        assertThat(deltas.toString()).isEqualTo("key [REDACTED:aws-access-key] done");
        assertThat(log.facts()).containsEntry("llm.inputTokens", "12").containsEntry("llm.outputTokens", "5");
    }

    private static String responses(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Test
    void anyNetworkSplitOfTheStreamGivesTheSameMaskedAnswer() {
        String stream = openAi("Your key ", "AKIA4QZ7", "XK2M9PLR3TWN", " and card 4111 ", "1111 1111 1111", " end.")
                + "data: [DONE]\n\n";
        String whole = openAiText(mask(LlmCall.Flavour.OPENAI, stream));
        long seed = 22L;
        Random random = new Random(seed);
        for (int run = 0; run < 300; run++) {
            byte[] bytes = bytes(stream);
            SseAnswerMasker masker = new SseAnswerMasker(LlmCall.Flavour.OPENAI, Plans.allRedact(), new MaskingCounts(),
                    new MaskingEngine(), new AnswerLog(1024));
            ByteSink out = new ByteSink(1024);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(40));
                masker.write(bytes, at, n, out);
                at += n;
            }
            masker.finish(out);
            assertThat(openAiText(out(out))).as("seed %d run %d", seed, run).isEqualTo(whole)
                    .doesNotContain("XK2M9PLR3TWN").doesNotContain("4111 1111 1111 1111");
        }
        assertThat(whole).contains("[REDACTED:aws-access-key]");
    }

    @Test
    void anEventThatCannotBeReadCutsTheStreamWithAnErrorEventAndNothingAfterItPasses() {
        String out = mask(LlmCall.Flavour.OPENAI, openAi("fine ") + "data: {not json\n\n" + openAi(AWS_KEY + " leaked"));

        assertThat(out).contains("\"error\"").contains("Gatehouse cut the stream").doesNotContain(AWS_KEY)
                .doesNotContain("leaked");
    }

    @Test
    void logprobsAreDroppedTheirTokensWouldCarryTheTextUnmasked() {
        String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + AWS_KEY + " \"},\"logprobs\":{\"content\":[{\"token\":\"" + AWS_KEY + "\"}]},"
                + "\"finish_reason\":null}]}\n\n";

        assertThat(mask(LlmCall.Flavour.OPENAI, chunk)).doesNotContain(AWS_KEY).doesNotContain("logprobs");
    }

    private static String mask(LlmCall.Flavour flavour, String stream) {
        return mask(flavour, stream, new AnswerLog(1024));
    }

    private static String mask(LlmCall.Flavour flavour, String stream, AnswerLog log) {
        SseAnswerMasker masker = new SseAnswerMasker(flavour, Plans.allRedact(), new MaskingCounts(), new MaskingEngine(), log);
        ByteSink out = new ByteSink(1024);
        byte[] bytes = bytes(stream);
        masker.write(bytes, 0, bytes.length, out);
        masker.finish(out);
        return out(out);
    }

    private static String openAi(String... pieces) {
        StringBuilder stream = new StringBuilder();
        for (String piece : pieces) {
            stream.append(chunk(piece));
        }
        return stream + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    }

    private static String chunk(String piece) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":" + LlmCall.JSON.writeValueAsString(piece) + "},\"finish_reason\":null}]}\n\n";
    }

    private static String textDelta(String text) {
        return anthropicEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":" + LlmCall.JSON.writeValueAsString(text) + "}}");
    }

    private static String anthropicEvent(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** The text an SDK would assemble from the chunks' deltas. */
    private static String openAiText(String stream) {
        StringBuilder text = new StringBuilder();
        for (String data : datas(stream)) {
            if (data.equals("[DONE]")) {
                continue;
            }
            for (JsonNode choice : LlmCall.JSON.readTree(data).path("choices")) {
                text.append(choice.path("delta").path("content").asString(""));
            }
        }
        return text.toString();
    }

    private static String anthropicText(String stream) {
        StringBuilder text = new StringBuilder();
        for (String data : datas(stream)) {
            JsonNode event = LlmCall.JSON.readTree(data);
            text.append(event.path("delta").path("text").asString(""));
        }
        return text.toString();
    }

    private static List<String> datas(String stream) {
        List<String> datas = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data: ")) {
                datas.add(line.substring(6));
            }
        }
        return datas;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String out(ByteSink sink) {
        return new String(sink.array(), 0, sink.size(), StandardCharsets.UTF_8);
    }
}
