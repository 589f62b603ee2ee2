package dev.gatehouse.audit.export;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Bulk export of the trail as JSON Lines, oldest first, for auditors and admins. */
@RestController
@RequestMapping("/api/v1/export")
@PreAuthorize("hasAnyAuthority('gatehouse-auditor','gatehouse-admin')")
class ExportController {

    static final MediaType JSONL = MediaType.parseMediaType("application/jsonl");

    private final EventExporter exporter;

    ExportController(EventExporter exporter) {
        this.exporter = exporter;
    }

    /** Parameters are validated before the first byte is written, so a bad one is still a 400 problem. */
    @GetMapping
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 @RequestParam(required = false) String connection) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (!fromInstant.isBefore(toInstant)) {
            throw new InvalidExportParameter("to", "must be after from");
        }
        String onlyConnection = connection == null || connection.isBlank() ? null : connection.strip();
        StreamingResponseBody body = out -> exporter.write(fromInstant, toInstant, onlyConnection, out);
        return ResponseEntity.ok().contentType(JSONL)
                .header("Content-Disposition", "attachment; filename=\"audit-export.jsonl\"")
                .body(body);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidExportParameter(name, "is required (ISO-8601 instant such as 2026-01-31T12:00:00Z)");
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidExportParameter(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
