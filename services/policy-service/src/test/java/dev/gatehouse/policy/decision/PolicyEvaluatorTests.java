package dev.gatehouse.policy.decision;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ConnectionTarget;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.policy.connection.Connection;
import dev.gatehouse.policy.rule.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyEvaluatorTests {

    private static final Connection ECHO = new Connection("echo", Protocol.HTTP, "http://echo.internal:8080",
            null, Instant.EPOCH, Instant.EPOCH);
    private static final Connection BILLING = new Connection("billing", Protocol.HTTP, "https://billing.internal",
            null, Instant.EPOCH, Instant.EPOCH);
    private static final CallerIdentity APP_MAIN = identity(Map.of("repository", "acme/app", "ref", "refs/heads/main"));

    @Test
    void deniesUnknownConnectionByDefault() {
        PolicyEvaluator evaluator = evaluator(rule("all", Verdict.ALLOW, "*", List.of(), "/**", Map.of()));

        Decision decision = evaluator.decide(request("nope", "GET", "/x", APP_MAIN));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.ruleId()).isEqualTo(Decision.DEFAULT_DENY_RULE);
        assertThat(decision.reason()).contains("unknown connection");
        assertThat(decision.target()).isNull();
    }

    @Test
    void deniesByDefaultWhenNoRuleMatches() {
        PolicyEvaluator evaluator = evaluator(rule("reads", Verdict.ALLOW, "echo", List.of("GET"), "/api/**", Map.of()));

        Decision decision = evaluator.decide(request("echo", "GET", "/other", APP_MAIN));

        assertThat(decision).isEqualTo(Decision.defaultDeny("no rule matched"));
    }

    @Test
    void allowCarriesTheConnectionTargetAndAuditMode() {
        PolicyEvaluator evaluator = evaluator(new Rule("reads", "reads are fine", "echo", List.of("GET"), "/**",
                Map.of(), Verdict.ALLOW, AuditMode.ASYNC, 100, null, null));

        Decision decision = evaluator.decide(request("echo", "GET", "/a", APP_MAIN));

        assertThat(decision).isEqualTo(new Decision(Verdict.ALLOW, "reads", "reads are fine", AuditMode.ASYNC,
                new ConnectionTarget("echo", Protocol.HTTP, "http://echo.internal:8080")));
    }

    @Test
    void denyOverridesAllowWhateverThePriority() {
        PolicyEvaluator evaluator = evaluator(
                rule("allow-all", Verdict.ALLOW, "*", List.of(), "/**", Map.of(), 1),
                rule("no-admin", Verdict.DENY, "echo", List.of(), "/admin/**", Map.of(), 1000));

        Decision decision = evaluator.decide(request("echo", "GET", "/admin/users", APP_MAIN));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.ruleId()).isEqualTo("no-admin");
        assertThat(decision.target()).isNull();
    }

    @Test
    void reviewBeatsAllowAndIsAuditedWriteAheadWithTarget() {
        PolicyEvaluator evaluator = evaluator(
                rule("allow-all", Verdict.ALLOW, "*", List.of(), "/**", Map.of()),
                rule("review-writes", Verdict.REVIEW, "*", List.of("POST", "PUT", "DELETE"), "/**", Map.of()));

        Decision decision = evaluator.decide(request("echo", "post", "/items", APP_MAIN));

        assertThat(decision.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(decision.audit()).isEqualTo(AuditMode.WRITE_AHEAD);
        assertThat(decision.target()).isEqualTo(ECHO.target());
    }

    @Test
    void tiesAreBrokenByPriorityThenId() {
        PolicyEvaluator evaluator = evaluator(
                rule("b-rule", Verdict.ALLOW, "*", List.of(), "/**", Map.of(), 10),
                rule("a-rule", Verdict.ALLOW, "*", List.of(), "/**", Map.of(), 20),
                rule("c-rule", Verdict.ALLOW, "*", List.of(), "/**", Map.of(), 10));

        assertThat(evaluator.decide(request("echo", "GET", "/", APP_MAIN)).ruleId()).isEqualTo("b-rule");
    }

    @Test
    void deleteHiddenUnderAllowedGetPathsIsDenied() {
        PolicyEvaluator evaluator = evaluator(rule("reads", Verdict.ALLOW, "echo", List.of("GET", "HEAD"), "/**", Map.of()));

        assertThat(evaluator.decide(request("echo", "GET", "/items/1", APP_MAIN)).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(evaluator.decide(request("echo", "DELETE", "/items/1", APP_MAIN)))
                .isEqualTo(Decision.defaultDeny("no rule matched"));
    }

    @Test
    void emptyMethodsMeanAnyMethod() {
        PolicyEvaluator evaluator = evaluator(rule("any", Verdict.ALLOW, "echo", List.of(), "/**", Map.of()));

        assertThat(evaluator.decide(request("echo", "PATCH", "/x", APP_MAIN)).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void singleStarMatchesOneSegmentAndDoubleStarAny() {
        PolicyEvaluator evaluator = evaluator(
                rule("one", Verdict.ALLOW, "echo", List.of(), "/repos/*", Map.of()),
                rule("many", Verdict.REVIEW, "echo", List.of(), "/deep/**", Map.of()));

        assertThat(evaluator.decide(request("echo", "GET", "/repos/app", APP_MAIN)).ruleId()).isEqualTo("one");
        assertThat(evaluator.decide(request("echo", "GET", "/repos/app/issues", APP_MAIN)).verdict()).isEqualTo(Verdict.DENY);
        assertThat(evaluator.decide(request("echo", "GET", "/repos", APP_MAIN)).verdict()).isEqualTo(Verdict.DENY);
        assertThat(evaluator.decide(request("echo", "GET", "/deep", APP_MAIN)).ruleId()).isEqualTo("many");
        assertThat(evaluator.decide(request("echo", "GET", "/deep/a/b/c", APP_MAIN)).ruleId()).isEqualTo("many");
    }

    @Test
    void connectionGlobSelectsConnections() {
        PolicyEvaluator evaluator = evaluator(rule("echo-only", Verdict.ALLOW, "ech*", List.of(), "/**", Map.of()));

        assertThat(evaluator.decide(request("echo", "GET", "/", APP_MAIN)).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(evaluator.decide(request("billing", "GET", "/", APP_MAIN)).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void claimGlobMustMatch() {
        PolicyEvaluator evaluator = evaluator(rule("acme-main", Verdict.ALLOW, "*", List.of(), "/**",
                Map.of("repository", "acme/*", "ref", "refs/heads/main")));

        assertThat(evaluator.decide(request("echo", "GET", "/", APP_MAIN)).verdict()).isEqualTo(Verdict.ALLOW);
        CallerIdentity otherOrg = identity(Map.of("repository", "evil/app", "ref", "refs/heads/main"));
        assertThat(evaluator.decide(request("echo", "GET", "/", otherOrg)).verdict()).isEqualTo(Verdict.DENY);
        CallerIdentity branch = identity(Map.of("repository", "acme/app", "ref", "refs/heads/feature"));
        assertThat(evaluator.decide(request("echo", "GET", "/", branch)).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void starClaimMeansPresentAndNonEmpty() {
        PolicyEvaluator evaluator = evaluator(rule("has-env", Verdict.ALLOW, "*", List.of(), "/**",
                Map.of("environment", "*")));

        assertThat(evaluator.decide(request("echo", "GET", "/", identity(Map.of("environment", "prod")))).verdict())
                .isEqualTo(Verdict.ALLOW);
        assertThat(evaluator.decide(request("echo", "GET", "/", identity(Map.of("environment", "")))).verdict())
                .isEqualTo(Verdict.DENY);
        assertThat(evaluator.decide(request("echo", "GET", "/", identity(Map.of()))).verdict())
                .isEqualTo(Verdict.DENY);
        assertThat(evaluator.decide(request("echo", "GET", "/", identity(Map.of("environment", List.of())))).verdict())
                .isEqualTo(Verdict.DENY);
    }

    @Test
    void listClaimMatchesWhenAnyElementMatches() {
        PolicyEvaluator evaluator = evaluator(rule("deployers", Verdict.ALLOW, "*", List.of(), "/**",
                Map.of("groups", "deploy-*")));

        CallerIdentity member = identity(Map.of("groups", List.of("dev", "deploy-prod")));
        CallerIdentity outsider = identity(Map.of("groups", List.of("dev", "ops")));
        assertThat(evaluator.decide(request("echo", "GET", "/", member)).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(evaluator.decide(request("echo", "GET", "/", outsider)).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void subjectAndIssuerCanBeMatchedAsClaims() {
        PolicyEvaluator evaluator = evaluator(rule("ci-only", Verdict.ALLOW, "*", List.of(), "/**",
                Map.of("iss", "https://ci.example", "sub", "repo:acme/*")));

        assertThat(evaluator.decide(request("echo", "GET", "/", APP_MAIN)).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void claimsAreMatchedOnlyAgainstTheirOwnName() {
        // A claim value that looks like another claim's glob must not satisfy it.
        PolicyEvaluator evaluator = evaluator(rule("main", Verdict.ALLOW, "*", List.of(), "/**",
                Map.of("ref", "refs/heads/main")));

        CallerIdentity sneaky = identity(Map.of("ref", "refs/heads/main-evil", "workflow", "refs/heads/main"));
        assertThat(evaluator.decide(request("echo", "GET", "/", sneaky)).verdict()).isEqualTo(Verdict.DENY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/../admin/users", "/public/%2e%2e/admin/users", "/public/%2E%2e/admin",
            "/public/.%2e/admin", "/public/%252e%252e/admin", "/public/..;/admin", "/public/a%2F..%2F..%2Fadmin",
            "/public/..\\admin", "/public/./x", "/public/%zz", "/public/%c0%ae%c0%ae/admin"})
    void pathTraversalNeverEscapesAGlob(String path) {
        PolicyEvaluator evaluator = evaluator(rule("public", Verdict.ALLOW, "echo", List.of("GET"), "/public/**", Map.of()));

        Decision decision = evaluator.decide(request("echo", "GET", path, APP_MAIN));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.ruleId()).isEqualTo(Decision.DEFAULT_DENY_RULE);
        assertThat(decision.target()).isNull();
    }

    @Test
    void encodedCharactersCannotDodgeADenyRule() {
        PolicyEvaluator evaluator = evaluator(
                rule("allow-all", Verdict.ALLOW, "echo", List.of(), "/**", Map.of()),
                rule("no-admin", Verdict.DENY, "echo", List.of(), "/admin/**", Map.of()));

        assertThat(evaluator.decide(request("echo", "GET", "/adm%69n/x", APP_MAIN)).ruleId()).isEqualTo("no-admin");
        assertThat(evaluator.decide(request("echo", "GET", "//admin//x", APP_MAIN)).ruleId()).isEqualTo("no-admin");
        assertThat(evaluator.decide(request("echo", "GET", "/admin;v=1/x", APP_MAIN)).ruleId()).isEqualTo("no-admin");
    }

    @Test
    void protocolMismatchIsDenied() {
        PolicyEvaluator evaluator = evaluator(rule("all", Verdict.ALLOW, "*", List.of(), "/**", Map.of()));
        Operation sql = new Operation("echo", Protocol.POSTGRES, "SELECT", null, null, "select 1", Map.of());

        assertThat(evaluator.decide(new DecisionRequest(APP_MAIN, sql)).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void findsTheOneMatchingRuleAmongAThousand() {
        // Speed is measured by a benchmark, not asserted here; this checks correctness at scale.
        List<Rule> rules = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rules.add(rule("r" + i, Verdict.ALLOW, "*", List.of("GET"), "/svc" + i + "/**", Map.of("repository", "acme/*")));
        }
        PolicyEvaluator evaluator = new PolicyEvaluator(List.of(ECHO), rules);

        assertThat(evaluator.decide(request("echo", "GET", "/svc999/a/b", APP_MAIN)).ruleId()).isEqualTo("r999");
        assertThat(evaluator.decide(request("echo", "GET", "/svc1000/a", APP_MAIN)).ruleId())
                .isEqualTo(Decision.DEFAULT_DENY_RULE);
    }

    private static PolicyEvaluator evaluator(Rule... rules) {
        return new PolicyEvaluator(List.of(ECHO, BILLING), List.of(rules));
    }

    static Rule rule(String id, Verdict verdict, String connection, List<String> methods, String path,
                     Map<String, String> claims) {
        return rule(id, verdict, connection, methods, path, claims, 100);
    }

    static Rule rule(String id, Verdict verdict, String connection, List<String> methods, String path,
                     Map<String, String> claims, int priority) {
        return new Rule(id, null, connection, methods, path, claims, verdict, AuditMode.WRITE_AHEAD, priority,
                null, null);
    }

    private static CallerIdentity identity(Map<String, Object> claims) {
        return new CallerIdentity("https://ci.example", "repo:acme/app:ref:refs/heads/main", claims);
    }

    private static DecisionRequest request(String connection, String method, String path, CallerIdentity identity) {
        return new DecisionRequest(identity, Operation.http(connection, method, path, null));
    }
}
