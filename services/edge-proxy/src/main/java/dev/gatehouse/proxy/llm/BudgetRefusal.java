package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.proxy.gate.AuditSession;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.masking.AuditPayloadMasker;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Map;

/**
 * A call refused for its budget, recorded as every refusal is: a DECISION event (verdict DENY, rule
 * {@code budget:tokens-per-day:<repository>}, status 429) through the gate, then 429 {@code budget-exceeded}
 * naming the budget. Nothing reached the provider.
 */
@Component
class BudgetRefusal {

    static final String AUDIT_ID = "Gatehouse-Audit-Id";

    private final Gate gate;
    private final Masking masking;
    private final ProblemWriter problems;

    BudgetRefusal(Gate gate, Masking masking, ProblemWriter problems) {
        this.gate = gate;
        this.masking = masking;
        this.problems = problems;
    }

    Mono<Void> refuse(ServerWebExchange exchange, CallerIdentity identity, Map<String, String> facts,
                      CallBudgets.Hold hold) {
        String budget = hold.refusedBy();
        ServerHttpRequest request = exchange.getRequest();
        String rest = request.getURI().getRawPath().substring("/proxy/".length());
        int slash = rest.indexOf('/');
        String connection = slash < 0 ? rest : rest.substring(0, slash);
        AuditPayloadMasker audit = masking.audit();
        Operation operation = Operation.http(connection, request.getMethod().name(),
                audit.mask(slash < 0 ? "/" : rest.substring(slash)).text(), audit.mask(request.getURI().getRawQuery()).text());
        for (Map.Entry<String, String> fact : facts.entrySet()) {
            operation = operation.withAttribute(fact.getKey(), fact.getValue());
        }
        operation = operation.withAttribute("refused", "budget-exceeded");
        AuditSession session = AuditSession.fresh();
        AuditEvent event = new AuditEvent(Ids.uuidV7(), session.id(), session.next(), Instant.now(),
                AuditEventKind.DECISION, identity, connection, operation.protocol(), operation, Verdict.DENY,
                "budget:" + budget, null, Map.of(), null, 429, null);
        exchange.getResponse().getHeaders().set(AUDIT_ID, event.id().toString());
        return gate.recordStop(event).then(Mono.defer(() -> problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
                ProblemTypes.BUDGET_EXCEEDED, "the call would pass the budget " + budget + " for today",
                Map.of("budget", budget, "limit", hold.limit(), "used", hold.used(),
                        "requested", hold.requested(), "auditId", event.id().toString()))));
    }
}
