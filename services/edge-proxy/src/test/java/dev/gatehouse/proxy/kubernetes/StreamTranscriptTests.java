package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.Plans;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an exec stream leaves in the trail: one event per message within the budget, the recording, the exit code. */
class StreamTranscriptTests {

    private record Reported(String channel, boolean fromClient, String text, Map<String, String> facts) {
    }

    private final List<Reported> reported = new ArrayList<>();
    private final StreamTranscript transcript = new StreamTranscript("v5.channel.k8s.io",
            (channel, fromClient, text, facts) -> reported.add(new Reported(channel, fromClient, text, facts)),
            () -> new MaskingEngine().live(Plans.allRedact()));

    @Test
    void eachMessageIsAnEventOfItsChannelAndTheStatusEndsIt() {
        message(0, "ls\n");
        message(1, "a b\n");
        message(2, "oops\n");
        message(4, "{\"Width\":80}");
        message(3, "{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":"
                + "\"ExitCode\",\"message\":\"42\"}]}}");

        assertThat(reported).extracting(Reported::channel).containsExactly("stdin", "stdout", "stderr");
        assertThat(reported).extracting(Reported::fromClient).containsExactly(true, false, false);
        assertThat(reported.get(1).text()).isEqualTo("a b\n");
        var answer = transcript.answer();
        assertThat(answer.facts()).containsEntry("exec.exitCode", "42").containsEntry("recording", "asciicast-v2")
                .containsEntry("stream.events", "3").doesNotContainKey("stream.messagesNotRecorded");
        assertThat(answer.payload().lines().toList()).hasSize(4).first().asString().startsWith("{\"version\":2,");
        assertThat(answer.payload()).contains(",\"i\",\"ls\\n\"]").contains(",\"o\",\"a b\\n\"]")
                .doesNotContain("Width");
    }

    @Test
    void aSecretTheProgramWroteInTwoMessagesIsMaskedInTheEventsAndTheLastWordComesAtTheEnd() {
        message(1, "aws_key=AKIA4QZ7X");
        message(1, "K2M9PLR3TWN rotated\n");
        message(1, "bye");

        assertThat(reported).extracting(Reported::text).as("what each message's event carries")
                .containsExactly("", "aws_key=[REDACTED:aws-access-key] rotated\n", ""); // a word is held whole
        transcript.answer();
        assertThat(reported).hasSize(4).last().extracting(Reported::text).isEqualTo("bye");
        assertThat(reported).extracting(Reported::text).noneMatch(text -> text.contains("AKIA4QZ7X")
                || text.contains("K2M9PLR3TWN"));
    }

    @Test
    void pastTheBudgetMessagesAreCountedNotReported() {
        for (int i = 0; i < StreamTranscript.EVENTS + 10; i++) {
            message(1, "x");
        }
        message(1, "y".repeat(StreamTranscript.EVENT_BYTES));

        assertThat(reported).hasSize(StreamTranscript.EVENTS);
        assertThat(transcript.answer().facts()).containsEntry("stream.messagesNotRecorded", "11")
                .containsEntry("exec.exitCode", "unknown");
    }

    @Test
    void aMessageLargerThanWhatIsLeftIsCutAndSaysSo() {
        message(1, "a".repeat(StreamTranscript.EVENT_BYTES - 10));
        message(1, "b".repeat(100));

        assertThat(reported.get(1).text()).hasSize(10);
        assertThat(reported.get(1).facts()).containsEntry("stream.messageCut", "100");
    }

    @Test
    void aStatusThatIsNotJsonIsAnUnknownExitCode() {
        message(3, "not json");

        assertThat(transcript.answer().facts()).containsEntry("exec.exitCode", "unknown");
    }

    private void message(int channel, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[bytes.length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(bytes, 0, frame, 1, bytes.length);
        transcript.message(frame, 0, frame.length);
    }
}
