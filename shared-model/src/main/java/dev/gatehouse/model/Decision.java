package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * The policy-service's answer for one operation. {@code ruleId} names the rule that decided
 * ({@code default-deny} when none matched). {@code target} is set when the verdict lets the request
 * proceed, so the proxy learns the upstream in the same round trip.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(Verdict verdict, String ruleId, String reason, AuditMode audit, ConnectionTarget target) {

    public static final String DEFAULT_DENY_RULE = "default-deny";

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(ruleId, "ruleId");
        audit = audit == null ? AuditMode.WRITE_AHEAD : audit;
    }

    public static Decision defaultDeny(String reason) {
        return new Decision(Verdict.DENY, DEFAULT_DENY_RULE, reason, AuditMode.WRITE_AHEAD, null);
    }
}
