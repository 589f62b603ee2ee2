package dev.gatehouse.policy.decision;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class DecisionApiIT extends PolicyServiceIT {

    @BeforeEach
    void policy() throws Exception {
        perform(put("/api/v1/connections/decide-echo"), ADMIN, """
                {"protocol":"HTTP","upstream":"http://echo.internal:8080"}""").andExpect(status().is2xxSuccessful());
        perform(put("/api/v1/rules/decide-reads"), ADMIN, """
                {"description":"acme may read","connection":"decide-*","methods":["GET"],"path":"/api/**",
                 "claims":{"repository":"acme/*"},"verdict":"ALLOW","audit":"ASYNC"}""")
                .andExpect(status().is2xxSuccessful());
        perform(put("/api/v1/rules/decide-no-secrets"), ADMIN, """
                {"connection":"decide-echo","path":"/api/secrets/**","verdict":"DENY"}""")
                .andExpect(status().is2xxSuccessful());
    }

    private static String request(String connection, String method, String path, String repository) {
        return """
                {"identity":{"issuer":"https://ci.example","subject":"repo:x","claims":{"repository":"%s"}},
                 "operation":{"connection":"%s","protocol":"HTTP","method":"%s","path":"%s"}}"""
                .formatted(repository, connection, method, path);
    }

    @Test
    void allowsAMatchingReadAndNamesTheUpstream() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, request("decide-echo", "GET", "/api/items", "acme/app"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("ALLOW"))
                .andExpect(jsonPath("$.ruleId").value("decide-reads"))
                .andExpect(jsonPath("$.reason").value("acme may read"))
                .andExpect(jsonPath("$.audit").value("ASYNC"))
                .andExpect(jsonPath("$.target.name").value("decide-echo"))
                .andExpect(jsonPath("$.target.protocol").value("HTTP"))
                .andExpect(jsonPath("$.target.upstream").value("http://echo.internal:8080"));
    }

    @Test
    void denyRuleWinsAndCarriesNoTarget() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, request("decide-echo", "GET", "/api/secrets/x", "acme/app"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("DENY"))
                .andExpect(jsonPath("$.ruleId").value("decide-no-secrets"))
                .andExpect(jsonPath("$.target").doesNotExist());
    }

    @Test
    void deniesByDefaultForUnknownConnectionsAndUnmatchedRequests() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, request("nowhere", "GET", "/api/items", "acme/app"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("DENY"))
                .andExpect(jsonPath("$.ruleId").value("default-deny"));
        perform(post("/api/v1/decisions"), PROXY, request("decide-echo", "DELETE", "/api/items", "acme/app"))
                .andExpect(jsonPath("$.ruleId").value("default-deny"));
        perform(post("/api/v1/decisions"), PROXY, request("decide-echo", "GET", "/api/items", "evil/app"))
                .andExpect(jsonPath("$.ruleId").value("default-deny"));
        perform(post("/api/v1/decisions"), PROXY, request("decide-echo", "GET", "/api/%2e%2e/admin", "acme/app"))
                .andExpect(jsonPath("$.ruleId").value("default-deny"));
    }

    @Test
    void adminWritesApplyToTheNextDecision() throws Exception {
        perform(put("/api/v1/rules/decide-review-items"), ADMIN, """
                {"connection":"decide-echo","path":"/api/items","verdict":"REVIEW"}""")
                .andExpect(status().is2xxSuccessful());
        perform(post("/api/v1/decisions"), PROXY, request("decide-echo", "GET", "/api/items", "acme/app"))
                .andExpect(jsonPath("$.verdict").value("REVIEW"))
                .andExpect(jsonPath("$.audit").value("WRITE_AHEAD"))
                .andExpect(jsonPath("$.target.name").value("decide-echo"));

        perform(delete("/api/v1/rules/decide-review-items"), ADMIN).andExpect(status().isNoContent());
        perform(post("/api/v1/decisions"), PROXY, request("decide-echo", "GET", "/api/items", "acme/app"))
                .andExpect(jsonPath("$.verdict").value("ALLOW"));
    }

    @Test
    void malformedRequestsAreProblems() throws Exception {
        perform(post("/api/v1/decisions"), PROXY, "{oops")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()));
        perform(post("/api/v1/decisions"), PROXY, """
                {"operation":{"connection":"decide-echo","protocol":"HTTP","method":"GET","path":"/"}}""")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()));
        perform(post("/api/v1/decisions"), PROXY, """
                {"identity":{"issuer":"i","subject":"s"}}""")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()));
        perform(post("/api/v1/decisions"), PROXY, """
                {"identity":{"issuer":"i","subject":"s"},"operation":{"connection":"decide-echo","protocol":"HTTP"}}""")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()));
    }
}
