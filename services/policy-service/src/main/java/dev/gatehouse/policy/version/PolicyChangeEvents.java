package dev.gatehouse.policy.version;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.PolicyChanged;
import dev.gatehouse.model.Topics;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A version's two events, handed to the outbox in the transaction that stores (or re-announces) it:
 * {@link PolicyChanged} on {@value Topics#POLICY} (key = version) for the proxies' caches, and a
 * {@code POLICY_CHANGED} audit event (session {@value #SESSION}) for the trail. The audit event's id is
 * fixed per version, so a re-send is the same event to the audit-service. The payload carries metadata
 * only, never the document.
 */
@Component
class PolicyChangeEvents {

    static final String SESSION = "policy";

    private final PolicyEventOutbox outbox;
    private final PolicyVersionRepository repository;
    private final JsonMapper json;

    PolicyChangeEvents(PolicyEventOutbox outbox, PolicyVersionRepository repository, JsonMapper json) {
        this.outbox = outbox;
        this.repository = repository;
        this.json = json;
    }

    /** Writes both events to the outbox and marks the version {@code published}; in the caller's transaction. */
    void handOver(StoredVersion version) {
        VersionInfo info = version.info();
        outbox.enqueue(Topics.POLICY, Long.toString(info.version()),
                new PolicyChanged(info.version(), info.author(), info.createdAt(), info.rolledBackFrom()));
        outbox.enqueue(Topics.AUDIT, SESSION, auditEvent(version));
        repository.markPublished(info.version());
    }

    AuditEvent auditEvent(StoredVersion version) {
        VersionInfo info = version.info();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", info.version());
        payload.put("sha256", info.sha256());
        payload.put("comment", info.comment());
        payload.put("rolledBackFrom", info.rolledBackFrom());
        return new AuditEvent(version.auditEventId(), SESSION, info.version(), info.createdAt(),
                AuditEventKind.POLICY_CHANGED, new CallerIdentity(version.authorIssuer(), info.author(), Map.of()),
                null, null, null, null, null, null, Map.of(), json.writeValueAsString(payload), null, null,
                info.version(), null);
    }
}
