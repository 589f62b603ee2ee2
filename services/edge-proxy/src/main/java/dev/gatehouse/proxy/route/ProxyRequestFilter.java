package dev.gatehouse.proxy.route;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Lease;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.audit.AuditPublisher;
import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.policy.PolicyClient;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.problem.ProblemWriter;
import dev.gatehouse.proxy.vault.LeaseCache;
import dev.gatehouse.proxy.vault.VaultUnavailable;
import dev.gatehouse.proxy.git.GitPushInspectionFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request lifecycle of DESIGN.md §3 for {@code /proxy/{connection}/**}: decide, audit, lease,
 * forward. Runs right after {@link RouteToRequestUrlFilter} and overwrites the URL it computed, so the
 * target is always the connection's registered upstream. Every failure before forwarding is a
 * problem+json answer and the target is never called.
 */
@Component
public class ProxyRequestFilter implements GlobalFilter, Ordered {

    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

    private static final Logger log = LoggerFactory.getLogger(ProxyRequestFilter.class);

    private final PolicyClient policy;
    private final AuditPublisher audit;
    private final LeaseCache leases;
    private final ProblemWriter problems;
    private final AuditEvents events;

    ProxyRequestFilter(PolicyClient policy, AuditPublisher audit, LeaseCache leases, ProblemWriter problems,
                       AuditEvents events) {
        this.policy = policy;
        this.audit = audit;
        this.leases = leases;
        this.problems = problems;
        this.events = events;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null || !ProxyRoutes.ROUTE_ID.equals(route.getId())) {
            return chain.filter(exchange);
        }
        ProxyPath path;
        try {
            ServerHttpRequest request = exchange.getRequest();
            path = ProxyPath.parse(request.getURI().getRawPath(), request.getURI().getRawQuery());
        } catch (InvalidProxyPath e) {
            return problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                    "the request path is not allowed");
        }
        return exchange.getPrincipal()
                .ofType(CallerAuthentication.class)
                .map(caller -> Optional.of(caller.identity()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(identity -> identity.isPresent()
                        ? decide(exchange, chain, identity.get(), path)
                        : problems.write(exchange, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                        "a valid bearer token from a trusted issuer is required"));
    }

    private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, CallerIdentity identity,
                              ProxyPath path) {
        Operation operation = Operation.http(path.connection(), exchange.getRequest().getMethod().name(),
                        path.path(), path.query())
                .withHeaders(PolicyHeaders.of(exchange.getRequest().getHeaders()))
                .withRefUpdates(exchange.getAttributeOrDefault(GitPushInspectionFilter.REF_UPDATES, List.of()));
        String sessionId = Ids.uuidV7().toString();
        return policy.decide(new DecisionRequest(identity, operation))
                .map(Optional::of)
                .onErrorResume(PolicyUnavailable.class, e -> {
                    log.warn("{}", e.getMessage());
                    return Mono.just(Optional.empty());
                })
                .flatMap(decision -> decision.isEmpty()
                        ? unavailable(exchange, "the policy service could not decide")
                        : decision.get().verdict() == Verdict.ALLOW
                        ? allow(exchange, chain, sessionId, identity, operation, decision.get(), path)
                        : refuse(exchange, events.decision(sessionId, identity, operation, decision.get()),
                        decision.get()));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, AuditEvent event, Decision decision) {
        boolean review = decision.verdict() == Verdict.REVIEW;
        exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, event.id().toString());
        return audit.publishDecision(event)
                .then(Mono.defer(() -> problems.write(exchange, HttpStatus.FORBIDDEN,
                        review ? ProblemTypes.APPROVAL_REQUIRED : ProblemTypes.POLICY_DENIED,
                        review ? "this operation needs an approval" : "the policy denies this operation",
                        Map.of("ruleId", decision.ruleId(), "auditId", event.id().toString()))));
    }

    private Mono<Void> allow(ServerWebExchange exchange, GatewayFilterChain chain, String sessionId,
                             CallerIdentity identity, Operation operation, Decision decision, ProxyPath path) {
        URI target;
        try {
            target = UpstreamUrl.of(decision.target().upstream(), path);
        } catch (IllegalArgumentException e) {
            log.warn("connection {} has an unusable upstream", operation.connection());
            return unavailable(exchange, "the connection's upstream is misconfigured");
        }
        // The lease comes first so the write-ahead REQUEST event can name the credential that will be used.
        return leases.lease(operation.connection(), sessionId, identity)
                .flatMap(lease -> {
                    if (!CredentialHeaders.injectable(lease.credential())) {
                        log.warn("connection {} has a {} credential, which HTTP cannot carry", operation.connection(),
                                lease.credential().type());
                        return unavailable(exchange, "the connection's credential cannot be used over HTTP");
                    }
                    AuditEvent request = events.request(sessionId, identity, operation, decision, lease.leaseId());
                    Mono<Void> recorded = decision.audit() == AuditMode.ASYNC
                            ? Mono.fromRunnable(() -> audit.publishAsync(request))
                            : audit.publish(request);
                    return recorded
                            .then(Mono.fromRunnable(() -> recordForwarding(exchange, new ProxiedRequest(sessionId,
                                    request.id(), identity, operation, decision, lease.leaseId(), System.nanoTime()))))
                            .then(Mono.defer(() -> forward(exchange, chain, lease, target, request.id().toString())));
                })
                .onErrorResume(AuditNotAcknowledged.class, e -> {
                    log.warn("{}", e.getMessage());
                    return unavailable(exchange, "the audit trail did not acknowledge the request");
                })
                .onErrorResume(VaultUnavailable.class, e -> {
                    log.warn("{}", e.getMessage());
                    // Allowed but never forwarded: the trail still records the attempt and why it stopped.
                    AuditEvent attempt = events.unforwarded(sessionId, identity, operation, decision, 503);
                    exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, attempt.id().toString());
                    return audit.publishDecision(attempt).then(Mono.defer(() ->
                            unavailable(exchange, "no credential could be obtained for the connection")));
                });
    }

    private static void recordForwarding(ServerWebExchange exchange, ProxiedRequest proxied) {
        exchange.getAttributes().put(ProxiedRequest.ATTRIBUTE, proxied);
        exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, proxied.requestEventId().toString());
    }

    private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, Lease lease, URI target,
                               String auditId) {
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(headers -> {
                    CredentialHeaders.replace(headers, lease.credential(), auditId);
                    // A compressed answer cannot be scanned for secrets: ask the target for plain bytes.
                    headers.set(HttpHeaders.ACCEPT_ENCODING, "identity");
                })
                .build();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
        // The target's own headers are copied onto the response: ours is set last so it always wins.
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, auditId);
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
