package dev.gatehouse.audit.dashboard;

import dev.gatehouse.audit.search.EventView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which events the session page offers to replay as a terminal recording; an event without a protocol (an
 * approval's) is none, and does not break the page.
 */
class EventTextTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EventText text = new EventText();

    @ParameterizedTest
    @CsvSource({"SSH,asciicast-v2,true", "KUBERNETES,asciicast-v2,true", "HTTP,asciicast-v2,false",
            "KUBERNETES,,false", "POSTGRES,asciicast-v2,false", ",asciicast-v2,false", ",,false"})
    void aRecordingIsReplayedOnlyForTheAdaptersThatRecordTerminals(String protocol, String recording, boolean replayed) {
        JsonNode operation = JSON.readTree(recording == null ? "{\"attributes\":{}}"
                : "{\"attributes\":{\"recording\":\"" + recording + "\"}}");
        EventView event = new EventView(UUID.randomUUID(), "s", 3, "RESPONSE", Instant.now(), "c", protocol, "ALLOW",
                null, null, null, null, null, operation, null, "{\"version\":2}\n[0.1,\"o\",\"hi\"]\n", 101, 5L,
                1L, null);

        assertThat(text.terminalRecording(event)).isEqualTo(replayed);
    }
}
