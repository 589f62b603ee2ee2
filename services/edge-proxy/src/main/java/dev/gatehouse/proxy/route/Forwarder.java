package dev.gatehouse.proxy.route;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Lease;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.exchange.StreamEvents;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.kubernetes.Impersonation;
import dev.gatehouse.proxy.kubernetes.KubernetesConnection;
import dev.gatehouse.proxy.kubernetes.SecretReads;
import dev.gatehouse.proxy.problem.ProblemWriter;
import dev.gatehouse.proxy.vault.LeaseCache;
import dev.gatehouse.proxy.vault.VaultUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Steps 6–8 of docs/architecture.md §3 for a request that may go to its target (allowed, or approved): lease,
 * record the REQUEST event, inject the credential and forward to the registered upstream. Every failure
 * before forwarding is a problem answer and the target is never called.
 */
@Component
class Forwarder {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    private final Gate gate;
    private final LeaseCache leases;
    private final ProblemWriter problems;
    private final AuditEvents events;

    Forwarder(Gate gate, LeaseCache leases, ProblemWriter problems, AuditEvents events) {
        this.gate = gate;
        this.leases = leases;
        this.problems = problems;
        this.events = events;
    }

    Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, CallerIdentity identity,
                       Operation operation, Decision decision, ProxyPath path, AuditPlan plan) {
        URI target;
        try {
            if (decision.target() == null || decision.target().upstream() == null) {
                throw new IllegalArgumentException("no upstream");
            }
            target = UpstreamUrl.of(decision.target().upstream(), path);
        } catch (IllegalArgumentException e) {
            log.warn("connection {} has an unusable upstream", operation.connection());
            return unavailable(exchange, "the connection's upstream is misconfigured");
        }
        // The lease comes first so the write-ahead REQUEST event can name the credential that will be used.
        return leases.lease(operation.connection(), plan.sessionId(), identity, plan.session().upcoming())
                .flatMap(lease -> {
                    if (!CredentialHeaders.injectable(lease.credential())) {
                        log.warn("connection {} has a {} credential, which HTTP cannot carry", operation.connection(),
                                lease.credential().type());
                        return unavailable(exchange, "the connection's credential cannot be used over HTTP");
                    }
                    return record(plan, identity, operation, decision, lease,
                            exchange.getAttribute(ExchangeAttributes.REQUEST_PAYLOAD), RequestLoop.of(exchange))
                            .flatMap(requestId -> Mono.fromRunnable(() -> recordForwarding(exchange,
                                            new ProxiedRequest(plan.sessionId(), requestId, identity, operation,
                                                    decision, lease.leaseId(), System.nanoTime(),
                                                    ProxiedRequest.streamed(operation) ? 0 : plan.session().next(),
                                                    plan.approvalText(), plan.session())))
                                    .then(Mono.defer(() -> send(exchange, chain, identity, lease, target,
                                            requestId.toString(), plan.approvalText()))));
                })
                .onErrorResume(AuditNotAcknowledged.class, e -> {
                    log.warn("{}", e.getMessage());
                    return unavailable(exchange, "the audit trail did not acknowledge the request");
                })
                .onErrorResume(VaultUnavailable.class, e -> {
                    log.warn("{}", e.getMessage());
                    // Never forwarded: the trail still records the attempt and why it stopped.
                    AuditEvent attempt = events.unforwarded(plan.sessionId(), plan.session().next(),
                            plan.approvalText(), identity, operation, decision, 503);
                    exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, attempt.id().toString());
                    return gate.recordStop(attempt).then(Mono.defer(() ->
                            unavailable(exchange, "no credential could be obtained for the connection")));
                });
    }

    /**
     * Publishes the REQUEST event unless it was recorded before the request was held, and consumes the
     * approval it came back with once that event is acknowledged; the REQUEST event's id.
     */
    private Mono<UUID> record(AuditPlan plan, CallerIdentity identity, Operation operation, Decision decision,
                              Lease lease, String payload, Executor resumeOn) {
        if (plan.requestRecorded()) {
            return Mono.just(plan.recordedRequestId());
        }
        AuditEvent request = events.request(plan.sessionId(), plan.session().next(), plan.approvalText(), identity,
                operation, decision, lease.leaseId(), payload);
        Mono<Void> recorded = plan.consumeFingerprint() == null ? gate.recordRequest(request, decision, resumeOn)
                : gate.runApproved(request, plan.approvalId(), plan.consumeFingerprint(), identity, plan.session());
        return recorded.thenReturn(request.id());
    }

    private void recordForwarding(ServerWebExchange exchange, ProxiedRequest proxied) {
        exchange.getAttributes().put(ProxiedRequest.ATTRIBUTE, proxied);
        if (ProxiedRequest.streamed(proxied.operation())) {
            exchange.getAttributes().put(ExchangeAttributes.STREAM_EVENTS, (StreamEvents) (channel, fromClient, text,
                    facts) -> gate.recordAfter(events.streamMessage(proxied, channel, fromClient, text, facts)));
        }
        exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, proxied.requestEventId().toString());
    }

    private Mono<Void> send(ServerWebExchange exchange, GatewayFilterChain chain, CallerIdentity identity, Lease lease,
                            URI target, String auditId, String approvalId) {
        KubernetesConnection cluster = exchange.getAttribute(KubernetesConnection.ATTRIBUTE);
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(headers -> {
                    CredentialHeaders.replace(headers, lease.credential(), auditId);
                    if (cluster != null) {
                        Impersonation.apply(headers, cluster, identity);
                        SecretReads.jsonOnly(headers);
                    }
                    headers.remove(CredentialHeaders.APPROVAL);
                    // A compressed answer cannot be scanned for secrets: ask the target for plain bytes.
                    headers.set(HttpHeaders.ACCEPT_ENCODING, "identity");
                })
                .build();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
        // The target's own headers are copied onto the response: ours are set last so they always win.
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, auditId);
            if (approvalId != null) {
                exchange.getResponse().getHeaders().set(CredentialHeaders.APPROVAL, approvalId);
            } else {
                exchange.getResponse().getHeaders().remove(CredentialHeaders.APPROVAL);
            }
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(request).build())
                .onErrorResume(e -> {
                    log.warn("target of connection failed: {}", e.getClass().getSimpleName());
                    if (exchange.getResponse().isCommitted()) {
                        // Part of the body is out (say, a body found too large to mask midway): only cutting
                        // the connection tells the caller it did not get all of it.
                        return Mono.error(e);
                    }
                    return problems.write(exchange, HttpStatus.BAD_GATEWAY, ProblemTypes.UPSTREAM_FAILED,
                            "the target did not answer");
                });
    }

    private Mono<Void> unavailable(ServerWebExchange exchange, String detail) {
        return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, detail);
    }
}
