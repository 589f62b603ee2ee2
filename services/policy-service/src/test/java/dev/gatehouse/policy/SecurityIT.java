package dev.gatehouse.policy;

import dev.gatehouse.model.ProblemTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Tries to break the role rules: every protected endpoint against every wrong kind of caller. */
class SecurityIT extends PolicyServiceIT {

    private static final String DECISION = """
            {"identity":{"issuer":"i","subject":"s"},
             "operation":{"connection":"echo","protocol":"HTTP","method":"GET","path":"/"}}""";
    private static final String UNAUTHORIZED = ProblemTypes.UNAUTHORIZED.toString();
    private static final String FORBIDDEN = ProblemTypes.FORBIDDEN.toString();

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/connections", "/api/v1/rules", "/api/v1/connections/echo", "/api/v1/rules/r"})
    void adminApiRefusesMissingAgentAndProxyTokens(String path) throws Exception {
        perform(get(path), null).andExpectAll(problem(401, UNAUTHORIZED));
        perform(get(path), AGENT).andExpectAll(problem(401, UNAUTHORIZED));
        perform(get(path), PROXY).andExpectAll(problem(403, FORBIDDEN));
    }

    @Test
    void proxyTokenCannotWriteConnectionsOrRules() throws Exception {
        perform(post("/api/v1/connections"), PROXY, """
                {"name":"sneaky","protocol":"HTTP","upstream":"http://evil"}""").andExpectAll(problem(403, FORBIDDEN));
        perform(post("/api/v1/rules"), PROXY, """
                {"id":"sneaky","verdict":"ALLOW"}""").andExpectAll(problem(403, FORBIDDEN));
        perform(get("/api/v1/connections/sneaky"), ADMIN).andExpectAll(problem(404, ProblemTypes.NOT_FOUND.toString()));
    }

    @Test
    void decisionsAreForTheProxyOnly() throws Exception {
        perform(post("/api/v1/decisions"), null, DECISION).andExpectAll(problem(401, UNAUTHORIZED));
        perform(post("/api/v1/decisions"), AGENT, DECISION).andExpectAll(problem(401, UNAUTHORIZED));
        perform(post("/api/v1/decisions"), ADMIN, DECISION).andExpectAll(problem(403, FORBIDDEN));
        perform(post("/api/v1/decisions"), PROXY, DECISION).andExpect(status().isOk());
    }

    @Test
    void refusesForgedAndExpiredTokens() throws Exception {
        String internal = dev.gatehouse.testkit.OidcIssuer.INTERNAL;
        String audience = dev.gatehouse.testkit.OidcIssuer.INTERNAL_AUDIENCE;
        Map<String, Object> admin = Map.of("groups", java.util.List.of("gatehouse-admin"));
        for (String token : new String[]{OIDC.unsignedToken(internal, "mallory", audience, admin),
                OIDC.hmacToken(internal, "mallory", audience, admin),
                OIDC.expiredToken(internal, "alice", audience, admin),
                OIDC.token(internal, "alice", "some-other-audience", admin, java.time.Duration.ofMinutes(5))}) {
            perform(get("/api/v1/connections"), token).andExpectAll(problem(401, UNAUTHORIZED));
        }
    }

    @Test
    void healthIsOpenForProbes() throws Exception {
        perform(get("/actuator/health/liveness"), null).andExpect(status().isOk());
    }
}
