package dev.gatehouse.proxy.route;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.approval.ApprovalProperties;
import dev.gatehouse.proxy.gate.ReviewOutcome;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The proxy's own answers about a reviewed request: 202 while it waits (where to look and how to come
 * back), 403 when it was rejected, expired or cancelled (with the reviewer's comment), 403 when an
 * approval cannot run this operation. Each names the approval in {@code Gatehouse-Approval}.
 */
@Component
class ApprovalAnswers {

    static final String PREFERENCE_APPLIED = "Preference-Applied";

    private final ProblemWriter problems;
    private final ApprovalProperties properties;

    ApprovalAnswers(ProblemWriter problems, ApprovalProperties properties) {
        this.problems = problems;
        this.properties = properties;
    }

    Mono<Void> pending(ServerWebExchange exchange, Approval approval, String ruleId, UUID auditId, boolean async) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(CredentialHeaders.APPROVAL, approval.id().toString());
        headers.set(HttpHeaders.LOCATION, properties.location(approval.id()).toString());
        if (async) {
            headers.set(PREFERENCE_APPLIED, "respond-async");
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("approvalId", approval.id().toString());
        extensions.put("approvalUrl", approval.url());
        extensions.put("ruleId", ruleId);
        extensions.put("auditId", auditId.toString());
        extensions.put("expiresAt", approval.expiresAt() == null ? null : approval.expiresAt().toString());
        return problems.write(exchange, HttpStatus.ACCEPTED, ProblemTypes.APPROVAL_PENDING,
                "this operation waits for a reviewer; send it again with the Gatehouse-Approval header once approved",
                extensions);
    }

    Mono<Void> rejected(ServerWebExchange exchange, UUID approvalId, ApprovalStatus status, String comment,
                        String ruleId) {
        exchange.getResponse().getHeaders().set(CredentialHeaders.APPROVAL, approvalId.toString());
        String detail = switch (status == null ? ApprovalStatus.REJECTED : status) {
            case EXPIRED -> "no reviewer decided before the approval request expired";
            case CANCELLED -> "the approval request was cancelled";
            default -> "a reviewer rejected this operation";
        };
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("approvalId", approvalId.toString());
        extensions.put("approvalStatus", status == null ? null : status.name());
        extensions.put("comment", comment);
        extensions.put("ruleId", ruleId);
        return problems.write(exchange, HttpStatus.FORBIDDEN, ProblemTypes.APPROVAL_REJECTED, detail, extensions);
    }

    /** The gate's refusal of an approval: rejected, expired or cancelled, else not usable for this request. */
    Mono<Void> refused(ServerWebExchange exchange, ReviewOutcome.Refused refused, String ruleId) {
        return refused.decided()
                ? rejected(exchange, refused.approvalId(), refused.decidedStatus(), refused.comment(), ruleId)
                : notUsable(exchange, refused, ruleId);
    }

    /** An approval approval-service would not let run this operation (not rejected, expired or cancelled). */
    private Mono<Void> notUsable(ServerWebExchange exchange, ReviewOutcome.Refused e, String ruleId) {
        UUID approvalId = e.approvalId();
        exchange.getResponse().getHeaders().set(CredentialHeaders.APPROVAL, approvalId.toString());
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("approvalId", approvalId.toString());
        extensions.put("reason", e.reason());
        extensions.put("approvalStatus", e.status() == null ? null : e.status().name());
        extensions.put("ruleId", ruleId);
        return problems.write(exchange, HttpStatus.FORBIDDEN, ProblemTypes.APPROVAL_NOT_USABLE,
                "the approval cannot run this operation (" + e.reason() + ")", extensions);
    }

    /** {@code Prefer: respond-async} (RFC 7240): answer 202 at once instead of holding the request. */
    static boolean respondAsync(ServerWebExchange exchange) {
        for (String value : exchange.getRequest().getHeaders().getOrEmpty("Prefer")) {
            for (String preference : value.split(",")) {
                if (preference.trim().toLowerCase(Locale.ROOT).startsWith("respond-async")) {
                    return true;
                }
            }
        }
        return false;
    }
}
