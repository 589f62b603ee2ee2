package dev.gatehouse.policy.decision;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a decision carries besides its verdict, and the explain view, against decision/policy.yaml. */
class DecisionBehaviourTests {

    private static final PolicyEvaluator EVALUATOR = TestPolicies.evaluator("decision/policy.yaml");
    private static final CallerIdentity RELEASE = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/release/1.4",
            Map.of("repository", "acme/app", "ref", "refs/heads/release/1.4", "run_id", 9001));

    @Test
    void anAllowCarriesTheRulesMaskingAndItsAsyncAudit() {
        Decision decision = decide(Operation.sql("orders-db", "SELECT email FROM public.customers WHERE id = 1"));

        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(decision.audit()).isEqualTo(AuditMode.ASYNC);
        assertThat(decision.masking().columns()).containsExactly("email");
        assertThat(decision.masking().detectors()).containsExactly("secrets", "pii");
        assertThat(decision.masking().style()).isEqualTo(MaskingDirectives.MaskingStyle.HASH);
    }

    @Test
    void auditIsWriteAheadWhenAnythingMayChangeStateWhateverTheRuleSays() {
        PolicyEvaluator lenient = TestPolicies.compile("""
                apiVersion: gatehouse.dev/v1
                connections:
                  - {name: api, type: http, upstream: "http://api.internal"}
                  - {name: db, type: postgres, upstream: "postgresql://db.internal/app"}
                rules:
                  - {id: everything-async, action: allow, audit: async}
                """);

        assertThat(lenient.decide(new DecisionRequest(RELEASE, Operation.http("api", "GET", "/a", null))).audit())
                .isEqualTo(AuditMode.ASYNC);
        assertThat(lenient.decide(new DecisionRequest(RELEASE, Operation.http("api", "POST", "/a", null))).audit())
                .isEqualTo(AuditMode.WRITE_AHEAD);
        assertThat(lenient.decide(new DecisionRequest(RELEASE, Operation.sql("db", "SELECT 1"))).audit())
                .isEqualTo(AuditMode.ASYNC);
        assertThat(lenient.decide(new DecisionRequest(RELEASE, Operation.sql("db", "SET search_path = x"))).audit())
                .as("SET is not a read").isEqualTo(AuditMode.WRITE_AHEAD);
        assertThat(lenient.decide(new DecisionRequest(RELEASE, Operation.sql("db", "SELECT 1; DELETE FROM t WHERE id = 1")))
                .audit()).isEqualTo(AuditMode.WRITE_AHEAD);
    }

    @Test
    void aRuleWithoutMaskingGetsThePolicyDefaults() {
        Decision decision = decide(Operation.http("k8s-dev", "GET", "/api/v1/namespaces/dev-1/pods", null));

        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(decision.masking().detectors()).containsExactly("secrets");
    }

    @Test
    void aReviewCarriesItsApprovalSettingsAndTheTarget() {
        Decision decision = decide(Operation.sql("orders-db", "UPDATE public.orders SET total = 1 WHERE id = 2"));

        assertThat(decision.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(decision.review().reviewers()).isEqualTo("dba");
        assertThat(decision.review().approvals()).isEqualTo(2);
        assertThat(decision.review().expiry()).isEqualTo(Duration.ofMinutes(30));
        assertThat(decision.target().upstream()).isEqualTo("postgresql://db.internal:5432/orders");
        assertThat(decision.audit()).isEqualTo(AuditMode.WRITE_AHEAD);
    }

    @Test
    void aStackedStatementNamesTheStatementThatDecided() {
        Decision decision = decide(Operation.sql("orders-db", "SELECT 1 FROM public.orders; DROP TABLE public.orders"));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.reason()).startsWith("statement 2: ");
        assertThat(decision.target()).isNull();
    }

    @Test
    void decisionsNameTheHeadersTheConnectionsRulesInspect() {
        assertThat(decide(Operation.http("demo-http", "GET", "/api/x", null)).vary()).containsExactly("x-impersonate-user");
        assertThat(decide(Operation.http("k8s-dev", "GET", "/api/v1/namespaces/dev-1/pods", null)).vary()).isEmpty();
    }

    @Test
    void onlyTheDecidingRulePermitsABodyOnAReadOrAWebSocket() {
        PolicyEvaluator policy = TestPolicies.compile("""
                apiVersion: gatehouse.dev/v1
                connections:
                  - {name: search, type: http, upstream: "http://es.internal:9200"}
                rules:
                  - {id: search-with-body, match: {http: {methods: [GET], paths: ["/*/_search"], bodyOnRead: true}}, action: allow}
                  - {id: live, match: {http: {methods: [GET], paths: ["/stream"], websocket: true}}, action: review}
                  - {id: reads, match: {http: {methods: [GET]}}, action: allow, priority: 200}
                """);

        assertThat(policy.decide(new DecisionRequest(RELEASE, Operation.http("search", "GET", "/logs/_search", null)))
                .permits()).containsExactly(Decision.PERMIT_BODY_ON_READ);
        Decision live = policy.decide(new DecisionRequest(RELEASE, Operation.http("search", "GET", "/stream", null)));
        assertThat(live.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(live.permits()).containsExactly(Decision.PERMIT_WEBSOCKET);
        assertThat(policy.decide(new DecisionRequest(RELEASE, Operation.http("search", "GET", "/other", null)))
                .permits()).isEmpty();
        assertThat(policy.decide(new DecisionRequest(RELEASE, Operation.http("search", "DELETE", "/stream", null)))
                .permits()).as("a denial permits nothing").isEmpty();
    }

    @Test
    void theEmptyPolicyDeniesEverything() {
        Decision decision = PolicyEvaluator.empty().decide(new DecisionRequest(RELEASE,
                Operation.http("demo-http", "GET", "/", null)));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.policyVersion()).isZero();
    }

    @Test
    void explainListsEveryRuleWithWhyItMatchedOrNot() {
        Explanation explanation = EVALUATOR.explain(new DecisionRequest(RELEASE,
                Operation.sql("orders-db", "SELECT * FROM billing.invoices")));

        assertThat(explanation.decision().ruleId()).isEqualTo("default-deny");
        Explanation.UnitTrace unit = explanation.units().getFirst();
        assertThat(unit.understood()).containsEntry("kinds", List.of("select"))
                .containsEntry("tables", List.of("billing.invoices"));
        assertThat(unit.rules()).hasSize(25);
        assertThat(rule(unit, "release-reads").reason()).contains("billing.invoices").contains("public.*");
        assertThat(rule(unit, "http-reads").reason()).isEqualTo("does not cover connection orders-db");
        assertThat(rule(unit, "no-unbounded-writes").reason()).contains("none in");
        assertThat(unit.rules()).noneMatch(Explanation.RuleTrace::matched);
    }

    @Test
    void explainSaysWhichMatchingRuleDecided() {
        Explanation explanation = EVALUATOR.explain(new DecisionRequest(RELEASE,
                Operation.sql("orders-db", "DELETE FROM public.orders")));

        Explanation.UnitTrace unit = explanation.units().getFirst();
        assertThat(rule(unit, "no-unbounded-writes").reason()).isEqualTo("matched and decided");
        assertThat(rule(unit, "writes-need-review").matched()).isTrue();
        assertThat(rule(unit, "writes-need-review").reason()).isEqualTo("matched");
    }

    private static Explanation.RuleTrace rule(Explanation.UnitTrace unit, String id) {
        return unit.rules().stream().filter(rule -> rule.ruleId().equals(id)).findFirst().orElseThrow();
    }

    private static Decision decide(Operation operation) {
        return EVALUATOR.decide(new DecisionRequest(RELEASE, operation));
    }
}
