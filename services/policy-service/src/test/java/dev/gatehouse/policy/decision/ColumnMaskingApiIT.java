package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Column masking over REST, as the proxy and a policy author see it: a predicate on a masked column is
 * denied naming the masking rule, a plain read of it is allowed with the masking the proxy applies.
 */
class ColumnMaskingApiIT extends PolicyServiceIT {

    private static final String POLICY = """
            apiVersion: gatehouse.dev/v1
            connections:
              - {name: mask-db, type: postgres, upstream: "postgresql://db.internal:5432/demo"}
            rules:
              - id: mask-db-reads
                description: CI reads; API keys never leave in clear
                connections: [mask-db]
                subject: {claims: {repository: "acme/*"}}
                match: {sql: {kinds: [select]}}
                action: allow
                masking: {columns: [api_key, "*_token"], detectors: [secrets]}
            """;

    @BeforeEach
    void policy() throws Exception {
        storePolicy(POLICY);
    }

    private static String sql(String statement) {
        return """
                {"identity":{"issuer":"https://ci.example","subject":"repo:acme/app","claims":{"repository":"acme/app"}},
                 "operation":{"connection":"mask-db","protocol":"POSTGRES","statement":"%s"}}""".formatted(statement);
    }

    @Test
    void aPredicateOnAMaskedColumnIsDeniedNamingTheMaskingRule() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, sql("SELECT id FROM users WHERE api_key LIKE 'ak_4%'"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("DENY"))
                .andExpect(jsonPath("$.ruleId").value("mask-db-reads"))
                .andExpect(jsonPath("$.reason").value(allOf(
                        containsString("column api_key is masked by rule mask-db-reads and is used in WHERE"),
                        containsString("never filtered"), not(containsString("ak_4")))))
                .andExpect(jsonPath("$.target").doesNotExist());
    }

    @Test
    void aWholeRowAndAnAliasedComputationAreDeniedToo() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, sql("SELECT to_jsonb(u) ->> 'api_key' AS k FROM users u"))
                .andExpect(jsonPath("$.verdict").value("DENY"))
                .andExpect(jsonPath("$.ruleId").value("mask-db-reads"))
                .andExpect(jsonPath("$.reason").value(containsString("whole row (u)")));
        perform(post("/api/v1/decisions"), PROXY, sql("SELECT lower(refresh_token) AS harmless FROM users"))
                .andExpect(jsonPath("$.verdict").value("DENY"))
                .andExpect(jsonPath("$.reason").value(containsString("column refresh_token")));
    }

    @Test
    void aPlainReadIsAllowedWithTheMaskingDirectives() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, sql("SELECT id, plan, api_key AS key FROM users WHERE plan = 'pro'"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("ALLOW"))
                .andExpect(jsonPath("$.ruleId").value("mask-db-reads"))
                .andExpect(jsonPath("$.masking.columns[0]").value("api_key"))
                .andExpect(jsonPath("$.masking.columns[1]").value("*_token"))
                .andExpect(jsonPath("$.target.name").value("mask-db"));
    }

    @Test
    void explainShowsTheRuleTheColumnAndWhereItIsUsed() throws Exception {
        perform(post("/api/v1/decisions/explain"), ADMIN, sql("SELECT id FROM users ORDER BY api_key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decision.verdict").value("DENY"))
                .andExpect(jsonPath("$.decision.ruleId").value("mask-db-reads"))
                .andExpect(jsonPath("$.units[0].reason").value(containsString("is used in ORDER BY")))
                .andExpect(jsonPath("$.units[0].understood.columns.read[0]").value("id"))
                .andExpect(jsonPath("$.units[0].understood.columns.used.api_key").value("ORDER BY"))
                .andExpect(jsonPath("$.units[0].rules[?(@.ruleId == 'mask-db-reads')].matched").value(true))
                .andExpect(jsonPath("$.units[0].rules[?(@.ruleId == 'mask-db-reads')].reason",
                        hasItem(containsString("its column masking denies the statement"))));
    }
}
