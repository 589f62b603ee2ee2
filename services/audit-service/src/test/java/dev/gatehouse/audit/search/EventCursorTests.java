package dev.gatehouse.audit.search;

import dev.gatehouse.model.Ids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCursorTests {

    @Test
    void survivesEncoding() {
        EventCursor cursor = new EventCursor(Instant.parse("2030-01-01T10:15:30.123456Z"), Ids.uuidV7());

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(EventCursor.decode(encoded)).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "aGVsbG8", "djF8eHx5fHo", "djF8OTk5OTk5OTk5OTk5OTk5OTk5OTk5fDB8YQ",
            "djJ8MXwwfDAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA"})
    void refusesAnythingItDidNotIssue(String garbage) {
        assertThatThrownBy(() -> EventCursor.decode(garbage)).isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("cursor");
    }
}
