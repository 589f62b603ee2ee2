package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.masking.MaskResult;
import dev.gatehouse.proxy.masking.Masking;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The audit events of an SSH connection, numbered in its session: SESSION_STARTED (write-ahead, before
 * the login succeeds), per request a REQUEST (the command line masked with every detector) or a
 * DECISION when it is refused, a RESPONSE with the exit status, the output's size and its first bytes
 * (masked, capped at {@code gatehouse.proxy.ssh.audit-output}), and SESSION_ENDED.
 */
@Component
class SshAuditEvents {

    private final Masking masking;

    SshAuditEvents(Masking masking) {
        this.masking = masking;
    }

    AuditEvent sessionStarted(SshSession session) {
        return event(session, AuditEventKind.SESSION_STARTED, operation(session, "session", null, facts(session)), null,
                null, null, null, Map.of(), null);
    }

    AuditEvent sessionEnded(SshSession session) {
        Map<String, String> facts = facts(session);
        facts.put("requests", Long.toString(session.requests.get()));
        if (session.endedBy != null) {
            facts.put("endedBy", session.endedBy);
        }
        long durationMs = (System.nanoTime() - session.startedNanos) / 1_000_000;
        return event(session, AuditEventKind.SESSION_ENDED, operation(session, "session", null, facts), null, null,
                durationMs, null, Map.of(), null);
    }

    AuditEvent request(SshSession session, String kind, String command, Decision decision, UUID approvalId) {
        return request(session, kind, command, decision, approvalId, Map.of());
    }

    /** A request with facts of its own (where a connection the host accepted came from). */
    AuditEvent request(SshSession session, String kind, String command, Decision decision, UUID approvalId,
                       Map<String, String> facts) {
        MaskResult masked = mask(command);
        return event(session, AuditEventKind.REQUEST, operation(session, kind, masked.text(), facts), decision, null,
                null, approvalId, masked.counts().asMap(), null);
    }

    /** A request refused before it reached the host (denied, not approved, or a dependency missing). */
    AuditEvent refused(SshSession session, String kind, String command, Decision decision, String why) {
        MaskResult masked = mask(command);
        return event(session, AuditEventKind.DECISION, operation(session, kind, masked.text(), Map.of("refusal", why)),
                decision, null, null, null, masked.counts().asMap(), null);
    }

    AuditEvent response(SshSession session, String kind, String command, Decision decision, UUID approvalId,
                        CapturedOutput output, int exitStatus, long durationMs, String failure) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("exitStatus", Integer.toString(exitStatus));
        if (failure != null) {
            facts.put("failure", failure); // the host may or may not have run it: the REQUEST was recorded
        }
        facts.put("outputBytes", Long.toString(output.total()));
        if (output.truncated()) {
            facts.put("outputTruncated", "true");
        }
        MaskResult maskedCommand = mask(command);
        MaskResult maskedOutput = mask(output.text());
        Map<String, Integer> counts = new LinkedHashMap<>(maskedCommand.counts().asMap());
        maskedOutput.counts().asMap().forEach((detector, n) -> counts.merge(detector, n, Integer::sum));
        return event(session, AuditEventKind.RESPONSE, operation(session, kind, maskedCommand.text(), facts), decision,
                exitStatus, durationMs, approvalId, counts, maskedOutput.text());
    }

    /** The end of an allowed sftp file operation: bytes moved, the content's hash, a failure on the host. */
    AuditEvent fileDone(SshSession session, String operation, Decision decision, UUID approvalId,
                        Map<String, String> facts) {
        MaskResult masked = mask(operation);
        return event(session, AuditEventKind.RESPONSE, operation(session, "sftp", masked.text(), facts), decision,
                facts.containsKey("failure") ? 1 : 0, null, approvalId, masked.counts().asMap(), null);
    }

    /**
     * The end of an allowed forward (a port forward's channel or listen, a forwarded agent's channel): bytes each
     * way or connections made, a failure opening it.
     */
    AuditEvent forwardEnded(SshSession session, String kind, String target, Decision decision, UUID approvalId,
                            Map<String, String> facts, long durationMs) {
        MaskResult masked = mask(target);
        return event(session, AuditEventKind.RESPONSE, operation(session, kind, masked.text(), facts),
                decision, facts.containsKey("failure") ? 1 : 0, durationMs, approvalId, masked.counts().asMap(), null);
    }

    /** What a forward's RESPONSE says it moved. */
    static Map<String, String> bytes(long toHost, long toAgent) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("bytesToHost", Long.toString(toHost));
        facts.put("bytesToAgent", Long.toString(toAgent));
        return facts;
    }

    /** A login refused by a session limit (no policy rule involved: the verdict is empty). */
    AuditEvent sessionRefused(SshSession session, String why) {
        Map<String, String> facts = facts(session);
        facts.put("refusal", why);
        return event(session, AuditEventKind.DECISION, operation(session, "session", null, facts), null, null, null,
                null, Map.of(), null);
    }

    /** A line the agent typed into an allowed shell (best effort, after the fact). */
    AuditEvent typed(SshSession session, String line, Decision decision) {
        MaskResult masked = mask(line);
        return event(session, AuditEventKind.REQUEST, operation(session, "shell-input", masked.text(),
                Map.of("typed", "true")), decision, null, null, null, masked.counts().asMap(), null);
    }

    /** The end of an interactive shell: its exit status and the recording (asciicast v2, masked). */
    AuditEvent shellEnded(SshSession session, Decision decision, ShellRecording recording, int exitStatus,
                          long durationMs, String failure) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("exitStatus", Integer.toString(exitStatus));
        facts.put("recording", "asciicast-v2");
        if (recording.dropped() > 0) {
            facts.put("recordingDroppedBytes", Long.toString(recording.dropped()));
        }
        if (failure != null) {
            facts.put("failure", failure);
        }
        MaskResult cast = masking.engine().maskText(recording.asciicast(), masking.audit().plan());
        masking.record(cast.counts());
        return event(session, AuditEventKind.RESPONSE, operation(session, "shell", "", facts), decision, exitStatus,
                durationMs, null, cast.counts().asMap(), cast.text());
    }

    private MaskResult mask(String text) {
        MaskResult masked = masking.audit().mask(text == null ? "" : text);
        masking.record(masked.counts());
        return masked;
    }

    private AuditEvent event(SshSession session, AuditEventKind kind, Operation operation, Decision decision,
                             Integer status, Long durationMs, UUID approvalId, Map<String, Integer> masked,
                             String payload) {
        return new AuditEvent(Ids.uuidV7(), session.id(), session.audit.next(), Instant.now(), kind,
                session.identity, session.connection, Protocol.SSH, operation,
                decision == null ? null : decision.verdict(), decision == null ? null : decision.ruleId(),
                approvalId == null ? null : approvalId.toString(), masked, payload, status, durationMs,
                decision == null ? null : decision.policyVersion(), session.leaseId);
    }

    private static Operation operation(SshSession session, String kind, String command, Map<String, String> facts) {
        return new Operation(session.connection, Protocol.SSH, kind, null, null, command, facts);
    }

    private static Map<String, String> facts(SshSession session) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("client", session.clientAddress);
        return facts;
    }
}
