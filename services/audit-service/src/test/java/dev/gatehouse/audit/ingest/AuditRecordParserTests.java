package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Topics;
import dev.gatehouse.model.Verdict;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AuditRecordParserTests {

    private final AuditRecordParser parser = new AuditRecordParser(AuditTestSupport.JSON);

    @Test
    void readsAnEvent() {
        AuditEvent event = AuditTestSupport.event("s-1", 1, Instant.parse("2030-01-01T00:00:00Z"),
                AuditEventKind.REQUEST, "pg", "alice", Verdict.ALLOW);

        IncomingRecord parsed = parser.parse(record(AuditTestSupport.JSON.writeValueAsString(event)));

        assertThat(parsed).isEqualTo(new IncomingRecord.Accepted(event));
    }

    @Test
    void rejectsWhatIsNotAnEvent() {
        assertThat(reason("{oops")).startsWith("not valid JSON");
        assertThat(reason("null")).isEqualTo("record value is JSON null");
        assertThat(reason(null)).isEqualTo("empty record value");
        assertThat(reason("{\"sessionId\":\"s\",\"occurredAt\":\"2030-01-01T00:00:00Z\",\"kind\":\"REQUEST\"}"))
                .startsWith("not a valid AuditEvent");
        assertThat(reason("{\"id\":\"019b0000-0000-7000-8000-000000000000\",\"sessionId\":\"s\","
                + "\"occurredAt\":\"2030-01-01T00:00:00Z\",\"kind\":\"EXPLODED\"}")).startsWith("not a valid AuditEvent");
        assertThat(reason("{\"id\":\"019b0000-0000-7000-8000-000000000000\",\"sessionId\":\"s\\u0000\"}"))
                .contains("NUL");
    }

    @Test
    void summaryForLogsNeverQuotesTheRecord() {
        var rejected = (IncomingRecord.Rejected) parser.parse(record("fake-secret-value-123 {"));

        assertThat(rejected.summary()).isEqualTo("not valid JSON").doesNotContain("fake-secret-value-123");
        assertThat(rejected.raw()).isEqualTo("fake-secret-value-123 {");
        assertThat(rejected.topic()).isEqualTo(Topics.AUDIT);
        assertThat(rejected.offset()).isEqualTo(42L);
    }

    @Test
    void keepsRejectedRawTextWithin64KibOnACharacterBoundary() {
        String raw = "é".repeat(40_000); // two bytes each

        String kept = AuditRecordParser.truncate(raw);

        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isEqualTo(64 * 1024);
        assertThat(AuditRecordParser.truncate("a\0b")).isEqualTo("a\uFFFDb");
    }

    private String reason(String value) {
        return ((IncomingRecord.Rejected) parser.parse(record(value))).reason();
    }

    private static ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>(Topics.AUDIT, 0, 42L, "s-1", value);
    }
}
