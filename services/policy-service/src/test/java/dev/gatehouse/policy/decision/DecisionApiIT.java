package dev.gatehouse.policy.decision;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Decisions and explanations over REST, against a policy stored through the admin API. */
class DecisionApiIT extends PolicyServiceIT {

    private static final String POLICY = """
            apiVersion: gatehouse.dev/v1
            connections:
              - {name: decide-echo, type: http, upstream: "http://echo.internal:8080"}
              - {name: decide-db, type: postgres, upstream: "postgresql://db.internal:5432/app"}
            rules:
              - id: decide-reads
                description: acme may read
                connections: ["decide-*"]
                subject: {claims: {repository: "acme/*"}}
                match: {http: {methods: [GET], paths: ["/api/**"]}}
                action: allow
                audit: async
                masking: {fields: [$.password], detectors: [secrets], style: partial}
              - id: decide-no-secrets
                connections: [decide-echo]
                match: {http: {paths: ["/api/secrets/**"]}}
                action: deny
              - id: decide-sql-reads
                connections: [decide-db]
                match: {sql: {kinds: [select]}}
                action: allow
              - id: decide-drops-need-two
                match: {sql: {kinds: [drop]}}
                action: review
                review: {reviewers: dba, approvals: 2, expiry: 45m}
            """;

    @BeforeEach
    void policy() throws Exception {
        mvc.perform(put("/api/v1/policies").header("Authorization", "Bearer " + ADMIN)
                        .contentType(MediaType.parseMediaType("application/yaml")).content(POLICY))
                .andExpect(status().is2xxSuccessful());
    }

    private static String http(String method, String path, String repository) {
        return """
                {"identity":{"issuer":"https://ci.example","subject":"repo:x","claims":{"repository":"%s"}},
                 "operation":{"connection":"decide-echo","protocol":"HTTP","method":"%s","path":"%s"}}"""
                .formatted(repository, method, path);
    }

    private static String sql(String statement) {
        return """
                {"identity":{"issuer":"https://ci.example","subject":"repo:x","claims":{}},
                 "operation":{"connection":"decide-db","protocol":"POSTGRES","statement":"%s"}}""".formatted(statement);
    }

    @Test
    void allowsAMatchingReadWithTheUpstreamPolicyVersionAndMasking() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, http("GET", "/api/items", "acme/app"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("ALLOW"))
                .andExpect(jsonPath("$.ruleId").value("decide-reads"))
                .andExpect(jsonPath("$.reason").value("acme may read"))
                .andExpect(jsonPath("$.audit").value("ASYNC"))
                .andExpect(jsonPath("$.policyVersion").isNumber())
                .andExpect(jsonPath("$.masking.fields[0]").value("$.password"))
                .andExpect(jsonPath("$.masking.style").value("PARTIAL"))
                .andExpect(jsonPath("$.target.name").value("decide-echo"))
                .andExpect(jsonPath("$.target.upstream").value("http://echo.internal:8080"));
    }

    @Test
    void denyRuleWinsAndCarriesNoTarget() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, http("GET", "/api/secrets/x", "acme/app"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("DENY"))
                .andExpect(jsonPath("$.ruleId").value("decide-no-secrets"))
                .andExpect(jsonPath("$.target").doesNotExist());
    }

    @Test
    void aStackedDropNeedsTwoApprovalsFromTheNamedGroup() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, sql("select 1; drop table t"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("REVIEW"))
                .andExpect(jsonPath("$.ruleId").value("decide-drops-need-two"))
                .andExpect(jsonPath("$.reason").value(org.hamcrest.Matchers.startsWith("statement 2")))
                .andExpect(jsonPath("$.review.reviewers").value("dba"))
                .andExpect(jsonPath("$.review.approvals").value(2));
    }

    @Test
    void deniesByDefaultForUnknownConnectionsAndUnmatchedRequests() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, http("GET", "/api/items", "evil/app"))
                .andExpect(jsonPath("$.ruleId").value("default-deny"));
        perform(post("/api/v1/decisions"), PROXY, http("GET", "/api/%2e%2e/admin", "acme/app"))
                .andExpect(jsonPath("$.ruleId").value("default-deny"));
        perform(post("/api/v1/decisions"), PROXY, http("DELETE", "/api/items", "acme/app"))
                .andExpect(jsonPath("$.verdict").value("DENY"))
                .andExpect(jsonPath("$.ruleId").value("default-deny"));
    }

    @Test
    void explainShowsWhatWasUnderstoodAndWhyEachRuleMatchedOrNot() throws Exception {
        perform(post("/api/v1/decisions/explain"), ADMIN, sql("SELECT * FROM t; DROP TABLE t"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decision.verdict").value("REVIEW"))
                .andExpect(jsonPath("$.units.length()").value(2))
                .andExpect(jsonPath("$.units[0].understood.kinds[0]").value("select"))
                .andExpect(jsonPath("$.units[0].verdict").value("ALLOW"))
                .andExpect(jsonPath("$.units[1].understood.kinds[0]").value("drop"))
                .andExpect(jsonPath("$.units[1].ruleId").value("decide-drops-need-two"))
                .andExpect(jsonPath("$.units[1].rules[?(@.ruleId == 'decide-reads')].reason")
                        .value("rule matches HTTP-family requests, not SQL"))
                .andExpect(jsonPath("$.units[1].rules[?(@.ruleId == 'decide-no-secrets')].reason")
                        .value("does not cover connection decide-db"))
                .andExpect(jsonPath("$.units[1].rules[?(@.ruleId == 'decide-sql-reads')].matched").value(false))
                .andExpect(jsonPath("$.units[1].rules[?(@.ruleId == 'decide-drops-need-two')].reason")
                        .value("matched and decided"));
    }

    @Test
    void explainIsForAdminsAndTheProxyAndDecisionsForTheProxy() throws Exception {
        // the proxy explains for a CI caller (edge-proxy POST /explain, with the caller's verified identity)
        perform(post("/api/v1/decisions/explain"), PROXY, http("GET", "/api/items", "acme/app"))
                .andExpect(status().isOk());
        perform(post("/api/v1/decisions/explain"), REVIEWER, http("GET", "/api/items", "acme/app"))
                .andExpectAll(problem(403, ProblemTypes.FORBIDDEN.toString()));
        perform(post("/api/v1/decisions/explain"), AGENT, http("GET", "/api/items", "acme/app"))
                .andExpectAll(problem(401, ProblemTypes.UNAUTHORIZED.toString()));
        perform(post("/api/v1/decisions"), ADMIN, http("GET", "/api/items", "acme/app"))
                .andExpectAll(problem(403, ProblemTypes.FORBIDDEN.toString()));
    }

    @Test
    void rejectsAnHttpOperationWithoutMethodAndSqlWithoutStatement() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, """
                {"identity":{"issuer":"i","subject":"s"},"operation":{"connection":"decide-echo","protocol":"HTTP","path":"/"}}""")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("operation.method")));
        perform(post("/api/v1/decisions"), PROXY, """
                {"identity":{"issuer":"i","subject":"s"},"operation":{"connection":"decide-db","protocol":"POSTGRES"}}""")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("operation.statement")));
    }
}
