package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.gate.ApprovalRefused;
import dev.gatehouse.proxy.gate.ReviewOutcome;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The SSH side of the gate for one request (docs/adapter-contract.md): the command line becomes an
 * {@link Operation} the gate decides; a deny or a refused review is recorded as a DECISION event and
 * answered on stderr naming the rule, with exit status {@value #REFUSED}; a review is held with the
 * approval URL on stderr until a reviewer decides. Blocking (a virtual thread per request).
 */
final class ExecJudge {

    /** The shell's "found but not executable": the command never reached the host. */
    static final int REFUSED = 126;

    /** May the command run, and under which approval; {@code refusal} is the stderr line when not. */
    record Ruling(Decision decision, UUID approvalId, String refusal) {
    }

    private final SshServices services;
    private final SshSession session;
    private final OutputStream stderr;

    ExecJudge(SshServices services, SshSession session, OutputStream stderr) {
        this.services = services;
        this.session = session;
        this.stderr = stderr;
    }

    Ruling judge(String kind, String command) throws IOException {
        return judge(kind, command, Operation.ssh(session.connection, kind, command));
    }

    /** Decides {@code operation}; {@code kind} and {@code command} are how the audit and a reviewer see it. */
    Ruling judge(String kind, String command, Operation operation) throws IOException {
        Decision decision = services.gate.decide(session.identity, operation).block(Duration.ofMinutes(1));
        if (decision == null) {
            throw new IllegalStateException("no decision");
        }
        if (decision.verdict() != dev.gatehouse.model.Verdict.DENY && movedUpstream(decision)) {
            return refuse(kind, command, decision, "the connection's upstream changed since this session opened: reconnect");
        }
        return switch (decision.verdict()) {
            case ALLOW -> new Ruling(decision, null, null);
            case DENY -> refuse(kind, command, decision, "denied by Gatehouse policy rule " + decision.ruleId()
                    + (decision.reason() == null ? "" : ": " + decision.reason()));
            case REVIEW -> hold(kind, command, decision);
        };
    }

    private boolean movedUpstream(Decision decision) {
        return decision.target() != null && decision.target().upstream() != null
                && !decision.target().upstream().equals(session.upstreamText);
    }

    private Ruling hold(String kind, String command, Decision decision) throws IOException {
        String fingerprint = ApprovalFingerprint.ssh(session.connection, kind, command);
        String shown = services.masking.audit().mask(command).text();
        ApprovalRequest request = new ApprovalRequest(session.id(), session.audit.last(), session.identity,
                session.connection, Protocol.SSH, Operation.ssh(session.connection, kind, shown), shown, fingerprint,
                decision.ruleId(), decision.policyVersion(), decision.review());
        Approval approval = services.review.open(request).block(Duration.ofMinutes(1));
        if (approval == null) {
            throw new IllegalStateException("no approval created");
        }
        say("gatehouse: this command needs an approval (policy rule " + decision.ruleId() + "); waiting for a reviewer at "
                + approval.url() + " (approval " + approval.id() + ")");
        ReviewOutcome outcome = services.review.await(approval, services.properties.approvalWait(), session.audit)
                .block(services.properties.approvalWait().plusMinutes(1));
        return switch (outcome) {
            case ReviewOutcome.Released released -> {
                say("gatehouse: approval " + approval.id() + " granted, running the command");
                yield new Ruling(decision, approval.id(), null);
            }
            case ReviewOutcome.Refused refused -> refuse(kind, command, decision, refusal(refused, decision.ruleId()));
            case ReviewOutcome.Undecided undecided -> {
                services.review.withdraw(approval.id()).onErrorComplete().block(Duration.ofSeconds(10));
                yield refuse(kind, command, decision, "no reviewer decided on approval " + approval.id() + " in time");
            }
            case null -> throw new IllegalStateException("no review outcome");
        };
    }

    static String refusal(ReviewOutcome.Refused refused, String ruleId) {
        if (!refused.decided()) {
            return "the approval cannot be used for this command (" + refused.reason() + ", Gatehouse policy rule "
                    + ruleId + ")";
        }
        String why = refused.comment() == null || refused.comment().isBlank() ? "" : ": " + refused.comment();
        return "approval " + refused.approvalId() + " was " + refused.decidedStatus().name().toLowerCase(Locale.ROOT)
                + " (Gatehouse policy rule " + ruleId + ")" + why;
    }

    /**
     * The write-ahead REQUEST of an allowed request, or the approval's release (the approval used up); false, with
     * the refusal recorded, when the approval cannot be used.
     */
    boolean admit(String kind, String command, Ruling ruling) throws IOException {
        session.requests.incrementAndGet();
        AuditEvent request = services.events.request(session, kind, command, ruling.decision(), ruling.approvalId());
        if (ruling.approvalId() == null) {
            services.gate.recordRequest(request, ruling.decision()).block(Duration.ofMinutes(1));
            return true;
        }
        try {
            services.gate.runApproved(request, ruling.approvalId(), ApprovalFingerprint.ssh(session.connection, kind,
                    command), session.identity, session.audit).block(Duration.ofMinutes(1));
            return true;
        } catch (ApprovalRefused e) {
            refuse(kind, command, ruling.decision(), refusal(e.refusal(), ruling.decision().ruleId()));
            return false;
        }
    }

    Ruling refuse(String kind, String command, Decision decision, String why) throws IOException {
        session.requests.incrementAndGet();
        services.gate.recordStop(services.events.refused(session, kind, command, decision, why))
                .block(Duration.ofSeconds(30));
        say("gatehouse: " + why);
        return new Ruling(decision, null, why);
    }

    void say(String line) throws IOException {
        stderr.write((line.replace('\n', ' ') + "\r\n").getBytes(StandardCharsets.UTF_8));
        stderr.flush();
    }
}
