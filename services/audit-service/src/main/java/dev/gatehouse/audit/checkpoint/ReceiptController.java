package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.audit.checkpoint.LedgerProblems.InvalidLedgerParameter;
import dev.gatehouse.audit.checkpoint.LedgerViews.EventProof;
import dev.gatehouse.audit.search.EventSearch;
import dev.gatehouse.audit.search.EventView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Receipts for CI callers, asked for by the edge-proxy on a verified caller's behalf: the proxy names the
 * caller (issuer and subject from the token it verified) and gets only that caller's events. An event of
 * anyone else answers 404, exactly like an unknown id, so ids cannot be probed. Payloads are left out of
 * the job listing; the receipt keeps the payload the leaf commits to (the caller's own request).
 */
@RestController
@RequestMapping("/api/v1/receipts")
@PreAuthorize("hasAuthority('gatehouse-proxy')")
class ReceiptController {

    static final int MAX_EVENTS = 500;

    private final EventProofs proofs;
    private final EventSearch search;

    ReceiptController(EventProofs proofs, EventSearch search) {
        this.proofs = proofs;
        this.search = search;
    }

    @GetMapping("/{id}")
    EventProof receipt(@PathVariable String id, @RequestParam(required = false) String issuer,
                       @RequestParam(required = false) String subject) {
        UUID eventId = EventProofs.uuid(id);
        String iss = required("issuer", issuer);
        String sub = required("subject", subject);
        return proofs.latest(eventId, row -> iss.equals(row.event().path("issuer").asString(null))
                && sub.equals(row.event().path("subject").asString(null)));
    }

    /** The caller's events since {@code from} (newest first, at most {@value #MAX_EVENTS}), without payloads. */
    @GetMapping
    JobEvents events(@RequestParam(required = false) String issuer, @RequestParam(required = false) String subject,
                     @RequestParam(required = false) String from) {
        String iss = required("issuer", issuer);
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("subject", required("subject", subject));
        params.add("from", required("from", from));
        params.add("limit", String.valueOf(MAX_EVENTS));
        List<JobEvent> items = search.search(params).items().stream()
                .filter(event -> iss.equals(event.issuer()))
                .map(JobEvent::of)
                .toList();
        return new JobEvents(items);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidLedgerParameter(name, "is required");
        }
        return value;
    }

    record JobEvents(List<JobEvent> items) {
    }

    /** One event of a job, as the CLI's summary shows it: what, where, the decision; never the payload. */
    record JobEvent(UUID id, Instant occurredAt, String sessionId, String kind, String connection, String protocol,
                    JsonNode operation, String verdict, String ruleId, String approvalId, Integer status,
                    String leaseId) {

        static JobEvent of(EventView event) {
            return new JobEvent(event.id(), event.occurredAt(), event.sessionId(), event.kind(), event.connection(),
                    event.protocol(), event.operation(), event.verdict(), event.ruleId(), event.approvalId(),
                    event.status(), event.leaseId());
        }
    }
}
