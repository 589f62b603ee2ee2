package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * The policy-service's answer for one operation. {@code ruleId} names the rule that decided
 * ({@code default-deny} when none matched) in policy {@code policyVersion}. {@code target} is set when
 * the verdict lets the request proceed, so the proxy learns the upstream in the same round trip;
 * {@code masking} says what to mask in what flows back, {@code review} how a {@code REVIEW} is approved.
 * {@code vary} names the request headers the connection's rules inspect: a proxy caching decisions
 * must key them by those headers' values too (as HTTP's {@code Vary} does).
 * {@code permits} names the HTTP request forms the proxy refuses unless the deciding rule allows them
 * explicitly: {@value #PERMIT_BODY_ON_READ} (a body on GET or HEAD) and {@value #PERMIT_WEBSOCKET} (a
 * WebSocket upgrade, a tunnel with no decision per message).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Decision(Verdict verdict, String ruleId, String reason, AuditMode audit, ConnectionTarget target,
                       Long policyVersion, MaskingDirectives masking, ReviewSettings review, List<String> vary,
                       List<String> permits) {

    public static final String DEFAULT_DENY_RULE = "default-deny";
    public static final String PERMIT_BODY_ON_READ = "body-on-read";
    public static final String PERMIT_WEBSOCKET = "websocket";

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(ruleId, "ruleId");
        audit = audit == null ? AuditMode.WRITE_AHEAD : audit;
        policyVersion = policyVersion == null ? 0L : policyVersion;
        masking = masking == null ? MaskingDirectives.DEFAULT : masking;
        vary = vary == null ? List.of() : List.copyOf(vary);
        permits = permits == null ? List.of() : List.copyOf(permits);
    }

    public Decision(Verdict verdict, String ruleId, String reason, AuditMode audit, ConnectionTarget target,
                    Long policyVersion, MaskingDirectives masking, ReviewSettings review, List<String> vary) {
        this(verdict, ruleId, reason, audit, target, policyVersion, masking, review, vary, null);
    }

    public Decision(Verdict verdict, String ruleId, String reason, AuditMode audit, ConnectionTarget target) {
        this(verdict, ruleId, reason, audit, target, 0L, null, null, null);
    }

    /** Whether the deciding rule allows this request form ({@link #PERMIT_BODY_ON_READ}, {@link #PERMIT_WEBSOCKET}). */
    public boolean permits(String form) {
        return permits.contains(form);
    }

    public static Decision defaultDeny(String reason) {
        return defaultDeny(reason, 0);
    }

    public static Decision defaultDeny(String reason, long policyVersion) {
        return new Decision(Verdict.DENY, DEFAULT_DENY_RULE, reason, AuditMode.WRITE_AHEAD, null,
                policyVersion, null, null, null);
    }
}
