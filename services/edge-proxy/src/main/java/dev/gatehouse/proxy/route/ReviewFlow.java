package dev.gatehouse.proxy.route;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.approval.ApprovalGate;
import dev.gatehouse.proxy.approval.ApprovalNotUsable;
import dev.gatehouse.proxy.approval.ApprovalProperties;
import dev.gatehouse.proxy.approval.ApprovalUnavailable;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.audit.AuditPublisher;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@code REVIEW} verdict (DESIGN.md §5). With {@code Gatehouse-Approval: <id>} the approval is
 * consumed for this exact request and it is forwarded like an allowed one. Without, the body is kept,
 * the REQUEST event recorded (write-ahead) and an approval request created; the caller either gets 202
 * at once ({@code Prefer: respond-async}) or is held, without a thread, until a decision, the proxy's
 * {@code max-wait} or the approval's expiry, whichever comes first.
 */
@Component
class ReviewFlow {

    private static final Logger log = LoggerFactory.getLogger(ReviewFlow.class);

    private final ApprovalGate gate;
    private final ApprovalProperties properties;
    private final ApprovalAnswers answers;
    private final Forwarder forwarder;
    private final AuditPublisher audit;
    private final AuditEvents events;
    private final ProblemWriter problems;

    ReviewFlow(ApprovalGate gate, ApprovalProperties properties, ApprovalAnswers answers, Forwarder forwarder,
               AuditPublisher audit, AuditEvents events, ProblemWriter problems) {
        this.gate = gate;
        this.properties = properties;
        this.answers = answers;
        this.forwarder = forwarder;
        this.audit = audit;
        this.events = events;
        this.problems = problems;
    }

    Mono<Void> review(ServerWebExchange exchange, GatewayFilterChain chain, CallerIdentity identity,
                      Operation operation, Decision decision, ProxyPath path) {
        if (decision.target() == null || decision.target().upstream() == null) {
            log.warn("REVIEW of connection {} without a target", operation.connection());
            return unavailable(exchange, "the connection's upstream is misconfigured");
        }
        String header = exchange.getRequest().getHeaders().getFirst(CredentialHeaders.APPROVAL);
        UUID approvalId;
        try {
            approvalId = header == null ? null : UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            return problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                    "the Gatehouse-Approval header must be an approval id (a UUID)");
        }
        Held held = new Held(identity, operation, decision, path);
        // The body was read whole before the policy was asked; exactly those bytes are approved and forwarded.
        byte[] body = RequestShape.of(exchange).body();
        if (body.length > properties.maxBodyAsInt()) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.INVALID_REQUEST,
                    "a request held for review may carry at most gatehouse.proxy.approval.max-body bytes");
        }
        SortedMap<String, String> headers = BoundHeaders.of(exchange.getRequest().getHeaders(), decision.vary());
        String fingerprint = ApprovalFingerprint.http(path.connection(), operation.method(), path.path(), path.query(),
                headers, body);
        return approvalId != null
                ? useApproval(exchange, chain, held, approvalId, fingerprint)
                : requestApproval(exchange, chain, held, fingerprint, headers, body);
    }

    /** The caller is back with its approval: consume it for this request, then forward. */
    private Mono<Void> useApproval(ServerWebExchange exchange, GatewayFilterChain chain, Held held, UUID approvalId,
                                   String fingerprint) {
        return gate.consume(approvalId, fingerprint, held.identity())
                .flatMap(approval -> forwarder.forward(exchange, chain, held.identity(), held.operation(),
                        held.decision(), held.path(), approval.sessionId() == null
                                ? AuditPlan.approved(Ids.uuidV7().toString(), 0, approvalId)
                                : AuditPlan.approved(approval.sessionId(), approval.auditSeq(), approvalId)))
                .onErrorResume(ApprovalNotUsable.class, e -> refuse(held,
                        new AuditPlan(Ids.uuidV7().toString(), 1, null, approvalId.toString()), 403,
                        answers.notUsable(exchange, approvalId, e, held.decision().ruleId())))
                .onErrorResume(ApprovalUnavailable.class, e -> approvalUnavailable(exchange, e));
    }

    private Mono<Void> requestApproval(ServerWebExchange exchange, GatewayFilterChain chain, Held held,
                                       String fingerprint, SortedMap<String, String> headers, byte[] body) {
        String sessionId = Ids.uuidV7().toString();
        AuditEvent requested = events.request(sessionId, 1, null, held.identity(), held.operation(), held.decision(),
                null);
        AuditEvents.Reviewable reviewable = events.reviewable(held.operation(), headers, body);
        ApprovalRequest request = new ApprovalRequest(sessionId, requested.seq(), held.identity(),
                held.operation().connection(), Protocol.HTTP, reviewable.operation(), reviewable.command(), fingerprint,
                held.decision().ruleId(), held.decision().policyVersion(), held.decision().review());
        exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, requested.id().toString());
        return audit.publish(requested)
                .then(Mono.defer(() -> gate.request(request)))
                .onErrorResume(ApprovalUnavailable.class, e -> refuse(held,
                        new AuditPlan(sessionId, 2, null, null), 503, approvalUnavailable(exchange, e)).then(Mono.empty()))
                .flatMap(approval -> {
                    exchange.getResponse().getHeaders().set(CredentialHeaders.APPROVAL, approval.id().toString());
                    return ApprovalAnswers.respondAsync(exchange)
                            ? answers.pending(exchange, approval, held.decision().ruleId(), requested.id(), true)
                            : hold(exchange, chain, held, approval, fingerprint, requested.id());
                })
                .onErrorResume(AuditNotAcknowledged.class, e -> {
                    log.warn("{}", e.getMessage());
                    exchange.getResponse().getHeaders().remove(CredentialHeaders.AUDIT_ID);
                    return unavailable(exchange, "the audit trail did not acknowledge the request");
                });
    }

    private Mono<Void> hold(ServerWebExchange exchange, GatewayFilterChain chain, Held held, Approval approval,
                            String fingerprint, UUID requestId) {
        Duration wait = properties.maxWait();
        if (approval.expiresAt() != null) {
            Duration untilExpiry = Duration.between(Instant.now(), approval.expiresAt());
            wait = untilExpiry.compareTo(wait) < 0 ? untilExpiry : wait;
        }
        if (wait.isNegative() || wait.isZero()) {
            return answers.pending(exchange, approval, held.decision().ruleId(), requestId, false);
        }
        AtomicBoolean settled = new AtomicBoolean();
        return gate.await(approval.id(), wait)
                .doOnEach(signal -> settled.set(true))
                .doOnCancel(() -> {
                    if (!settled.get()) {
                        // The caller went away while held: nobody will run this approval, withdraw it.
                        gate.cancel(approval.id()).onErrorResume(e -> Mono.empty()).subscribe();
                    }
                })
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                // the wait ended without a decision: the caller comes back with the approval
                .flatMap(decided -> decided.isPresent()
                        ? released(exchange, chain, held, approval, decided.get(), fingerprint, requestId)
                        : answers.pending(exchange, approval, held.decision().ruleId(), requestId, false));
    }

    private Mono<Void> released(ServerWebExchange exchange, GatewayFilterChain chain, Held held, Approval approval,
                                ApprovalDecided decided, String fingerprint, UUID requestId) {
        if (decided.status() != ApprovalStatus.APPROVED && decided.status() != ApprovalStatus.CONSUMED) {
            return refuse(held, new AuditPlan(approval.sessionId(), decided.auditSeq(), requestId,
                            approval.id().toString()), 403,
                    answers.rejected(exchange, approval.id(), decided.status(), decided.comment(),
                            held.decision().ruleId()));
        }
        return gate.consume(approval.id(), fingerprint, held.identity())
                .flatMap(consumed -> forwarder.forward(exchange, chain, held.identity(), held.operation(),
                        held.decision(), held.path(), AuditPlan.released(approval.sessionId(), requestId,
                                Math.max(decided.auditSeq(), consumed.auditSeq()), approval.id())))
                .onErrorResume(ApprovalNotUsable.class, e -> refuse(held,
                        new AuditPlan(approval.sessionId(), decided.auditSeq(), requestId, approval.id().toString()),
                        403, answers.notUsable(exchange, approval.id(), e, held.decision().ruleId())))
                .onErrorResume(ApprovalUnavailable.class, e -> approvalUnavailable(exchange, e));
    }

    /** Records that the operation stopped here (a DECISION event, never holding the caller), then answers. */
    private Mono<Void> refuse(Held held, AuditPlan plan, int status, Mono<Void> answer) {
        return Mono.defer(() -> {
            AuditEvent stopped = events.unforwarded(plan.sessionId(), plan.unforwardedSeq(), plan.approvalId(),
                    held.identity(), held.operation(), held.decision(), status);
            audit.publishAsync(stopped);
            return answer;
        });
    }

    private Mono<Void> approvalUnavailable(ServerWebExchange exchange, ApprovalUnavailable e) {
        log.warn("{}", e.getMessage());
        return unavailable(exchange, "the approval service could not be reached");
    }

    private Mono<Void> unavailable(ServerWebExchange exchange, String detail) {
        return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, detail);
    }

    private record Held(CallerIdentity identity, Operation operation, Decision decision, ProxyPath path) {
    }
}
