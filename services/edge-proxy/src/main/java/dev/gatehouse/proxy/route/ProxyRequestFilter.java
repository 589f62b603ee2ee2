package dev.gatehouse.proxy.route;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.proxy.auth.CallerAuthentication;
import dev.gatehouse.proxy.gate.AuditSession;
import dev.gatehouse.proxy.kubernetes.Impersonation;
import dev.gatehouse.proxy.kubernetes.KubernetesConnection;
import dev.gatehouse.proxy.kubernetes.KubernetesConnections;
import dev.gatehouse.proxy.kubernetes.RequestRecords;
import dev.gatehouse.proxy.kubernetes.SecretReads;
import dev.gatehouse.proxy.kubernetes.WatchEvents;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.problem.ProblemWriter;
import dev.gatehouse.proxy.exchange.AdapterRefusal;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.exchange.RequestFilterOrder;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request lifecycle of docs/architecture.md §3 for {@code /proxy/{connection}/**}: decide, then forward
 * ({@link Forwarder}), refuse, or hold for review ({@link ReviewFlow}). Runs right after {@link RouteToRequestUrlFilter} and overwrites the URL it computed, so the
 * target is always the connection's registered upstream. Every failure before forwarding is a
 * problem+json answer and the target is never called.
 */
@Component
public class ProxyRequestFilter implements GlobalFilter, Ordered {

    public static final int ORDER = RequestFilterOrder.PROXY_REQUEST;

    private static final Logger log = LoggerFactory.getLogger(ProxyRequestFilter.class);

    private final Gate gate;
    private final ProblemWriter problems;
    private final AuditEvents events;
    private final Forwarder forwarder;
    private final ReviewFlow review;
    private final KubernetesConnections kubernetes;
    private final RequestRecords records;

    ProxyRequestFilter(Gate gate, ProblemWriter problems, AuditEvents events, Forwarder forwarder, ReviewFlow review,
                       KubernetesConnections kubernetes, RequestRecords records) {
        this.gate = gate;
        this.records = records;
        this.kubernetes = kubernetes;
        this.problems = problems;
        this.events = events;
        this.forwarder = forwarder;
        this.review = review;
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
        // The request as RequestPreparationFilter fixed it: its effective method, the headers it keeps.
        Operation operation = withFacts(exchange, recorded(RequestShape.of(exchange), Operation.http(path.connection(),
                        exchange.getRequest().getMethod().name(), path.path(), path.query())
                .withHeaders(PolicyHeaders.of(exchange.getRequest().getHeaders()))
                .withRefUpdates(exchange.getAttributeOrDefault(ExchangeAttributes.REF_UPDATES, List.of()))));
        return gate.decide(identity, operation)
                .map(Optional::of)
                .onErrorResume(PolicyUnavailable.class, e -> {
                    log.warn("{}", e.getMessage());
                    return Mono.just(Optional.empty());
                })
                .flatMap(decision -> decision.isEmpty()
                        ? problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                        "the policy service could not decide")
                        : dialect(exchange, chain, identity, operation, decision.get(), path));
    }

    /**
     * A Kubernetes connection (docs/architecture.md §3.12) is the same HTTP request with three additions:
     * refusals are {@code Status} objects, a Secret's values are masked in what comes back, and the
     * client's own {@code Impersonate-*} headers are refused unless the connection allows them.
     */
    private Mono<Void> dialect(ServerWebExchange exchange, GatewayFilterChain chain, CallerIdentity identity,
                               Operation operation, Decision decision, ProxyPath path) {
        if (decision.target() != null && decision.target().protocol() != Protocol.KUBERNETES) {
            return act(exchange, chain, identity, operation, decision, path); // the hot path: no lookup at all
        }
        return kubernetes.find(path.connection())
                .flatMap(cluster -> {
                    if (cluster.isEmpty()) {
                        return act(exchange, chain, identity, operation, decision, path);
                    }
                    exchange.getAttributes().put(ExchangeAttributes.KUBERNETES_ANSWERS, Boolean.TRUE);
                    exchange.getAttributes().put(KubernetesConnection.ATTRIBUTE, cluster.get());
                    String payload = records.payload(path.path(), RequestShape.of(exchange).body(),
                            exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
                    if (payload != null) {
                        exchange.getAttributes().put(ExchangeAttributes.REQUEST_PAYLOAD, payload);
                    }
                    if (WatchEvents.isWatch(path.path(), path.query())) {
                        exchange.getAttributes().put(ExchangeAttributes.RESPONSE_MASKERS, WatchEvents.maskers());
                    }
                    Decision masked = withMasking(decision, SecretReads.directives(decision.masking(), path.path()));
                    if (masked.verdict() != Verdict.DENY && !cluster.get().allowClientImpersonation()
                            && Impersonation.asked(exchange.getRequest().getHeaders())) {
                        return refuse(exchange, identity, operation, masked, FormRefusal.impersonation());
                    }
                    return act(exchange, chain, identity, operation, masked, path);
                })
                .onErrorResume(PolicyUnavailable.class, e -> {
                    log.warn("{}", e.getMessage());
                    return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                            "the policy service could not describe the connection");
                });
    }

    private static Decision withMasking(Decision decision, MaskingDirectives masking) {
        return masking == decision.masking() ? decision : new Decision(decision.verdict(), decision.ruleId(),
                decision.reason(), decision.audit(), decision.target(), decision.policyVersion(), masking,
                decision.review(), decision.vary(), decision.permits());
    }

    /** The facts an inspection read from the body for the policy (an LLM call's model, ceiling, tools). */
    private static Operation withFacts(ServerWebExchange exchange, Operation operation) {
        Map<String, String> facts = exchange.getAttributeOrDefault(ExchangeAttributes.OPERATION_FACTS, Map.of());
        String statement = exchange.getAttribute(ExchangeAttributes.OPERATION_STATEMENT);
        Operation decided = statement == null ? operation : operation.withStatement(statement);
        for (Map.Entry<String, String> fact : facts.entrySet()) {
            decided = decided.withAttribute(fact.getKey(), fact.getValue());
        }
        return decided;
    }

    /** What the trail keeps beyond the decided facts: the request line's own method, an upgrade asked for. */
    private static Operation recorded(RequestShape shape, Operation operation) {
        Operation recorded = shape.overridden()
                ? operation.withAttribute("requestLineMethod", shape.requestLineMethod()) : operation;
        return shape.upgrade() == null ? recorded : recorded.withAttribute("upgrade", shape.upgrade());
    }

    private Mono<Void> act(ServerWebExchange exchange, GatewayFilterChain chain, CallerIdentity identity,
                           Operation operation, Decision decision, ProxyPath path) {
        AdapterRefusal adapter = exchange.getAttribute(ExchangeAttributes.ADAPTER_REFUSAL);
        FormRefusal refusal = decision.verdict() == Verdict.DENY ? null
                : adapter != null ? FormRefusal.of(adapter) : FormRefusal.of(RequestShape.of(exchange), decision);
        if (refusal != null) {
            return refuse(exchange, identity, operation, decision, refusal);
        }
        return switch (decision.verdict()) {
            case ALLOW -> forwarder.forward(exchange, chain, identity, operation, decision, path, AuditPlan.fresh());
            case REVIEW -> review.review(exchange, chain, identity, operation, decision, path);
            case DENY -> deny(exchange, events.decision(AuditSession.fresh().id(), identity, operation, decision),
                    decision);
        };
    }

    /** The policy let it through but its form is refused: recorded as a denied request with the reason. */
    private Mono<Void> refuse(ServerWebExchange exchange, CallerIdentity identity, Operation operation,
                              Decision decision, FormRefusal refusal) {
        Decision refused = new Decision(Verdict.DENY, refusal.code(), refusal.detail(), AuditMode.WRITE_AHEAD, null,
                decision.policyVersion(), null, null, null);
        AuditSession session = AuditSession.fresh();
        AuditEvent event = events.unforwarded(session.id(), session.next(), null, identity,
                operation.withAttribute("refused", refusal.code()).withAttribute("policyRuleId", decision.ruleId()),
                refused, refusal.status().value());
        exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, event.id().toString());
        return gate.recordStop(event)
                .then(Mono.defer(() -> problems.write(exchange, refusal.status(), refusal.type(), refusal.detail(),
                        Map.of("ruleId", decision.ruleId(), "auditId", event.id().toString()))));
    }

    private Mono<Void> deny(ServerWebExchange exchange, AuditEvent event, Decision decision) {
        exchange.getResponse().getHeaders().set(CredentialHeaders.AUDIT_ID, event.id().toString());
        return gate.recordStop(event)
                .then(Mono.defer(() -> problems.write(exchange, HttpStatus.FORBIDDEN, ProblemTypes.POLICY_DENIED,
                        "the policy denies this operation",
                        Map.of("ruleId", decision.ruleId(), "auditId", event.id().toString()))));
    }
}
