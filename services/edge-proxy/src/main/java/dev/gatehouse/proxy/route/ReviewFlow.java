package dev.gatehouse.proxy.route;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.approval.ApprovalProperties;
import dev.gatehouse.proxy.approval.ApprovalUnavailable;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.gate.ApprovalRefused;
import dev.gatehouse.proxy.gate.AuditSession;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.gate.Review;
import dev.gatehouse.proxy.gate.ReviewOutcome;
import dev.gatehouse.proxy.kubernetes.KubernetesAction;
import dev.gatehouse.proxy.kubernetes.KubernetesConnection;
import dev.gatehouse.proxy.kubernetes.SecretReads;
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

/**
 * A {@code REVIEW} verdict on HTTP (docs/architecture.md §5); the rules are the gate's ({@link Review}), this class
 * is their HTTP form. With {@code Gatehouse-Approval: <id>} the request runs under that approval, which
 * is consumed once its REQUEST event is acknowledged. Without, the body is kept, the REQUEST event
 * recorded (write-ahead) and an approval request created; the caller either gets 202 at once
 * ({@code Prefer: respond-async}) or is held, without a thread, until a decision, the proxy's
 * {@code max-wait} or the approval's expiry, whichever comes first.
 */
@Component
class ReviewFlow {

    private static final Logger log = LoggerFactory.getLogger(ReviewFlow.class);

    private final Gate gate;
    private final Review review;
    private final ApprovalProperties properties;
    private final ApprovalAnswers answers;
    private final Forwarder forwarder;
    private final AuditEvents events;
    private final ProblemWriter problems;

    ReviewFlow(Gate gate, Review review, ApprovalProperties properties, ApprovalAnswers answers, Forwarder forwarder,
               AuditEvents events, ProblemWriter problems) {
        this.gate = gate;
        this.review = review;
        this.properties = properties;
        this.answers = answers;
        this.forwarder = forwarder;
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
        // The body was read whole before the policy was asked; exactly those bytes are approved and forwarded.
        byte[] body = RequestShape.of(exchange).body();
        if (body.length > properties.maxBodyAsInt()) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.INVALID_REQUEST,
                    "a request held for review may carry at most gatehouse.proxy.approval.max-body bytes");
        }
        SortedMap<String, String> headers = BoundHeaders.of(exchange.getRequest().getHeaders(), decision.vary());
        String bound = exchange.getAttribute(ExchangeAttributes.APPROVAL_FINGERPRINT);
        String fingerprint = bound != null ? bound : ApprovalFingerprint.http(path.connection(), operation.method(),
                path.path(), path.query(), headers, body);
        Held held = new Held(identity, operation, decision, path, fingerprint);
        return approvalId != null
                ? useApproval(exchange, chain, held, approvalId)
                : requestApproval(exchange, chain, held, headers, body);
    }

    /**
     * The caller is back with its approval: the request runs in the approval's session, its REQUEST
     * recorded before the approval is consumed (so an audit outage leaves the approval usable).
     */
    private Mono<Void> useApproval(ServerWebExchange exchange, GatewayFilterChain chain, Held held, UUID approvalId) {
        return review.find(approvalId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(found -> {
                    boolean runnable = found.filter(approval -> runnable(approval, held)).isPresent();
                    AuditSession session = runnable ? sessionOf(found.get()) : AuditSession.fresh();
                    // not runnable as it stands: approval-service's consume gives the authoritative refusal
                    Mono<Void> run = runnable
                            ? forwarder.forward(exchange, chain, held.identity(), held.operation(), held.decision(),
                            held.path(), AuditPlan.approved(session, approvalId, held.fingerprint()))
                            : consumeAndForward(exchange, chain, held, approvalId, session);
                    return run.onErrorResume(ApprovalRefused.class, e -> refuse(held, approvalId, session, 403,
                            answers.refused(exchange, e.refusal(), held.decision().ruleId())));
                })
                .onErrorResume(ApprovalUnavailable.class, e -> approvalUnavailable(exchange, e));
    }

    /**
     * Almost always a refusal. Should approval-service let it run after all (approved in between), it runs
     * in the approval's session with its REQUEST after the consume, as before the gate: a narrow race.
     */
    private Mono<Void> consumeAndForward(ServerWebExchange exchange, GatewayFilterChain chain, Held held,
                                         UUID approvalId, AuditSession session) {
        return review.consume(approvalId, held.fingerprint(), held.identity(), session)
                .flatMap(consumed -> forwarder.forward(exchange, chain, held.identity(), held.operation(),
                        held.decision(), held.path(), new AuditPlan(sessionOf(consumed), null, approvalId, null)));
    }

    /**
     * Whether the approval, as read, would run this request: only then is a REQUEST event written before
     * the consume. Anything else goes straight to approval-service's consume for its refusal, so an
     * attempt with someone else's or another command's approval leaves no REQUEST in that session.
     */
    private static boolean runnable(Approval approval, Held held) {
        return approval.status() == ApprovalStatus.APPROVED && held.fingerprint().equals(approval.fingerprint())
                && approval.identity() != null
                && held.identity().issuer().equals(approval.identity().issuer())
                && held.identity().subject().equals(approval.identity().subject());
    }

    private static AuditSession sessionOf(Approval approval) {
        return approval.sessionId() == null ? AuditSession.fresh()
                : AuditSession.of(approval.sessionId(), approval.auditSeq());
    }

    private Mono<Void> requestApproval(ServerWebExchange exchange, GatewayFilterChain chain, Held held,
                                       SortedMap<String, String> headers, byte[] body) {
        AuditSession session = AuditSession.fresh();
        AuditEvent requested = events.request(session.id(), session.next(), null, held.identity(), held.operation(),
                held.decision(), null);
        boolean cluster = exchange.getAttribute(KubernetesConnection.ATTRIBUTE) != null;
        AuditEvents.Reviewable reviewable = events.reviewable(held.operation(), headers,
                cluster ? SecretReads.reviewableBody(held.operation().path(), body) : body);
        // A cluster's request is shown to the reviewer as the Kubernetes action it is, above its HTTP form.
        String command = cluster ? KubernetesAction.describe(held.operation().method(), reviewable.operation().path(),
                reviewable.operation().query()) + "\n\n" + reviewable.command() : reviewable.command();
        ApprovalRequest request = new ApprovalRequest(session.id(), requested.seq(), held.identity(),
                held.operation().connection(), cluster ? Protocol.KUBERNETES : Protocol.HTTP, reviewable.operation(),
                command,
                held.fingerprint(), held.decision().ruleId(), held.decision().policyVersion(),
                held.decision().review());
        exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, requested.id().toString());
        return gate.recordRequest(requested, held.decision())
                .then(Mono.defer(() -> review.open(request)))
                .onErrorResume(ApprovalUnavailable.class, e -> refuse(held, null, session, 503,
                        approvalUnavailable(exchange, e)).then(Mono.empty()))
                .flatMap(approval -> {
                    exchange.getResponse().getHeaders().set(CredentialHeaders.APPROVAL, approval.id().toString());
                    return ApprovalAnswers.respondAsync(exchange)
                            ? answers.pending(exchange, approval, held.decision().ruleId(), requested.id(), true)
                            : hold(exchange, chain, held, approval, session, requested.id());
                })
                .onErrorResume(AuditNotAcknowledged.class, e -> {
                    log.warn("{}", e.getMessage());
                    exchange.getResponse().getHeaders().remove(CredentialHeaders.AUDIT_ID);
                    return unavailable(exchange, "the audit trail did not acknowledge the request");
                });
    }

    private Mono<Void> hold(ServerWebExchange exchange, GatewayFilterChain chain, Held held, Approval approval,
                            AuditSession session, UUID requestId) {
        Duration wait = properties.maxWait();
        if (approval.expiresAt() != null) {
            Duration untilExpiry = Duration.between(Instant.now(), approval.expiresAt());
            wait = untilExpiry.compareTo(wait) < 0 ? untilExpiry : wait;
        }
        if (wait.isNegative() || wait.isZero()) {
            return answers.pending(exchange, approval, held.decision().ruleId(), requestId, false);
        }
        return review.await(approval, wait, session).flatMap(outcome -> switch (outcome) {
            // the wait ended without a decision: the caller comes back with the approval
            case ReviewOutcome.Undecided undecided ->
                    answers.pending(exchange, approval, held.decision().ruleId(), requestId, false);
            case ReviewOutcome.Refused refused -> refuse(held, approval.id(), session, 403,
                    answers.refused(exchange, refused, held.decision().ruleId()));
            case ReviewOutcome.Released released -> released(exchange, chain, held, approval.id(), session, requestId);
        });
    }

    /** Approved while held: its REQUEST was acknowledged before it was held, so the approval is consumed now. */
    private Mono<Void> released(ServerWebExchange exchange, GatewayFilterChain chain, Held held, UUID approvalId,
                                AuditSession session, UUID requestId) {
        return review.consume(approvalId, held.fingerprint(), held.identity(), session)
                .flatMap(consumed -> forwarder.forward(exchange, chain, held.identity(), held.operation(),
                        held.decision(), held.path(), AuditPlan.released(session, requestId, approvalId)))
                .onErrorResume(ApprovalRefused.class, e -> refuse(held, approvalId, session, 403,
                        answers.refused(exchange, e.refusal(), held.decision().ruleId())))
                .onErrorResume(ApprovalUnavailable.class, e -> approvalUnavailable(exchange, e));
    }

    /** Records that the operation stopped here (a DECISION event, never holding the caller), then answers. */
    private Mono<Void> refuse(Held held, UUID approvalId, AuditSession session, int status, Mono<Void> answer) {
        return Mono.defer(() -> {
            gate.recordAfter(events.unforwarded(session.id(), session.next(),
                    approvalId == null ? null : approvalId.toString(), held.identity(), held.operation(),
                    held.decision(), status));
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

    private record Held(CallerIdentity identity, Operation operation, Decision decision, ProxyPath path,
                        String fingerprint) {
    }
}
