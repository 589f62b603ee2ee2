package dev.gatehouse.audit.ingest;

import dev.gatehouse.model.AuditEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a record's text as an {@link AuditEvent}. Never throws for bad input: a record that cannot
 * be stored as an event becomes {@link IncomingRecord.Rejected}, so it cannot block its partition.
 */
@Component
class AuditRecordParser {

    static final int MAX_RAW_BYTES = 64 * 1024;
    private static final int MAX_REASON_CHARS = 500;

    private final JsonMapper json;

    AuditRecordParser(JsonMapper json) {
        this.json = json;
    }

    IncomingRecord parse(ConsumerRecord<String, String> record) {
        String raw = record.value();
        if (raw == null || raw.isBlank()) {
            return reject(record, "empty record value", null);
        }
        // PostgreSQL text and jsonb cannot hold U+0000; storing such an event would fail the whole
        // batch forever, so it is set aside like any other unreadable record.
        if (raw.indexOf('\0') >= 0 || raw.contains("\\u0000")) {
            return reject(record, "contains a NUL character, which cannot be stored", null);
        }
        try {
            AuditEvent event = json.readValue(raw, AuditEvent.class);
            return event == null ? reject(record, "record value is JSON null", null)
                    : new IncomingRecord.Accepted(event);
        } catch (StreamReadException e) {
            return reject(record, "not valid JSON", e.getOriginalMessage());
        } catch (JacksonException e) {
            return reject(record, "not a valid AuditEvent", e.getOriginalMessage());
        }
    }

    /**
     * @param summary fixed text, safe to log
     * @param detail  the parser's message, which may quote the record's content: stored, never logged
     */
    private static IncomingRecord.Rejected reject(ConsumerRecord<String, String> record, String summary,
                                                  String detail) {
        String reason = detail == null ? summary : summary + ": " + detail;
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS);
        }
        return new IncomingRecord.Rejected(record.topic(), record.partition(), record.offset(), summary,
                truncate(reason), truncate(record.value()));
    }

    /** The first 64 KiB of UTF-8, cut on a character boundary, NULs replaced so PostgreSQL accepts it. */
    static String truncate(String raw) {
        if (raw == null) {
            return null;
        }
        String clean = raw.replace('\0', '\uFFFD');
        byte[] bytes = clean.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_RAW_BYTES) {
            return clean;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE);
        CharBuffer chars = CharBuffer.allocate(MAX_RAW_BYTES);
        decoder.decode(ByteBuffer.wrap(bytes, 0, MAX_RAW_BYTES), chars, true);
        return chars.flip().toString();
    }
}
