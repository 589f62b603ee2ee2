package dev.gatehouse.audit.search;

import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventQueryTests {

    @Test
    void defaultsToFiftyNewestWithoutFilters() {
        EventQuery query = EventQuery.parse(null, "", null, null, null, null, null, null, null);

        assertThat(query).isEqualTo(new EventQuery(null, null, null, null, null, null, null, 50, null));
    }

    @Test
    void readsEveryFilter() {
        EventQuery query = EventQuery.parse("pg", "alice", "DENY", "REQUEST", "s-1", "2030-01-01T00:00:00Z",
                "2030-01-02T00:00:00+01:00", "500", null);

        assertThat(query.verdict()).isEqualTo(Verdict.DENY);
        assertThat(query.from()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2030-01-01T23:00:00Z"));
        assertThat(query.limit()).isEqualTo(500);
    }

    @Test
    void namesTheBadParameter() {
        assertThatThrownBy(() -> EventQuery.parse(null, null, "allow", null, null, null, null, null, null))
                .hasMessageContaining("verdict:");
        assertThatThrownBy(() -> EventQuery.parse(null, null, null, null, null, null, null, "-1", null))
                .hasMessageContaining("limit:");
        assertThatThrownBy(() -> EventQuery.parse(null, null, null, null, null, "2030-01-01", null, null, null))
                .hasMessageContaining("from:");
    }
}
