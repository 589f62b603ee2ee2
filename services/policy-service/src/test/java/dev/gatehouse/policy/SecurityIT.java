package dev.gatehouse.policy;

import dev.gatehouse.model.ProblemTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Tries to break the role rules: every protected endpoint against every wrong kind of caller. */
class SecurityIT extends PolicyServiceIT {

    private static final String DECISION = """
            {"identity":{"issuer":"i","subject":"s"},
             "operation":{"connection":"echo","protocol":"HTTP","method":"GET","path":"/"}}""";
    private static final String DOCUMENT = "apiVersion: gatehouse.dev/v1\n";
    private static final String UNAUTHORIZED = ProblemTypes.UNAUTHORIZED.toString();
    private static final String FORBIDDEN = ProblemTypes.FORBIDDEN.toString();

    /** Every admin endpoint, as "METHOD path". */
    @ParameterizedTest
    @ValueSource(strings = {"PUT /api/v1/policies", "POST /api/v1/policies/validate", "GET /api/v1/policies/active",
            "GET /api/v1/policies/versions", "GET /api/v1/policies/versions/1",
            "POST /api/v1/policies/versions/1/rollback"})
    void policyApiIsForAdminsOnly(String endpoint) throws Exception {
        perform(request(endpoint), null).andExpectAll(problem(401, UNAUTHORIZED));
        perform(request(endpoint), AGENT).andExpectAll(problem(401, UNAUTHORIZED));
        perform(request(endpoint), PROXY).andExpectAll(problem(403, FORBIDDEN));
        perform(request(endpoint), REVIEWER).andExpectAll(problem(403, FORBIDDEN));
        perform(request(endpoint), AUDITOR).andExpectAll(problem(403, FORBIDDEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/connections", "/api/v1/connections/echo"})
    void connectionsAreForAdminsAuditorsAndTheProxy(String path) throws Exception {
        perform(get(path), null).andExpectAll(problem(401, UNAUTHORIZED));
        perform(get(path), AGENT).andExpectAll(problem(401, UNAUTHORIZED));
        perform(get(path), REVIEWER).andExpectAll(problem(403, FORBIDDEN));
        // The proxy's PostgreSQL listener looks a connection's upstream up when a session opens.
        for (String token : new String[]{ADMIN, AUDITOR, PROXY}) {
            int status = perform(get(path), token).andReturn().getResponse().getStatus();
            assertThat(status).as(path).isIn(200, 404);
        }
    }

    @Test
    void aRefusedWriteStoresNothing() throws Exception {
        storePolicy(DOCUMENT + "# security baseline\n");
        String active = perform(get("/api/v1/policies/active"), ADMIN).andReturn().getResponse().getHeader("ETag");

        perform(put("/api/v1/policies").contentType(YAML).content(DOCUMENT + "# sneaky\n"), PROXY)
                .andExpectAll(problem(403, FORBIDDEN));
        perform(post("/api/v1/policies/versions/1/rollback"), REVIEWER).andExpectAll(problem(403, FORBIDDEN));

        perform(get("/api/v1/policies/active"), ADMIN).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string("ETag", active));
    }

    @Test
    void decisionsAreForTheProxyOnly() throws Exception {
        perform(post("/api/v1/decisions"), null, DECISION).andExpectAll(problem(401, UNAUTHORIZED));
        perform(post("/api/v1/decisions"), AGENT, DECISION).andExpectAll(problem(401, UNAUTHORIZED));
        perform(post("/api/v1/decisions"), ADMIN, DECISION).andExpectAll(problem(403, FORBIDDEN));
        perform(post("/api/v1/decisions"), REVIEWER, DECISION).andExpectAll(problem(403, FORBIDDEN));
        int proxy = perform(post("/api/v1/decisions"), PROXY, DECISION).andReturn().getResponse().getStatus();
        assertThat(proxy).as("the proxy is let through").isNotIn(401, 403);
    }

    @Test
    void refusesForgedExpiredAndWrongAudienceTokens() throws Exception {
        String internal = dev.gatehouse.testkit.OidcIssuer.INTERNAL;
        String audience = dev.gatehouse.testkit.OidcIssuer.INTERNAL_AUDIENCE;
        Map<String, Object> admin = Map.of("groups", List.of("gatehouse-admin"));
        for (String token : new String[]{OIDC.unsignedToken(internal, "mallory", audience, admin),
                OIDC.hmacToken(internal, "mallory", audience, admin),
                OIDC.expiredToken(internal, "alice", audience, admin),
                OIDC.token(internal, "alice", "some-other-audience", admin, Duration.ofMinutes(5)),
                "not.a.jwt"}) {
            perform(get("/api/v1/policies/active"), token).andExpectAll(problem(401, UNAUTHORIZED));
            perform(put("/api/v1/policies").contentType(YAML).content(DOCUMENT), token)
                    .andExpectAll(problem(401, UNAUTHORIZED));
            perform(get("/api/v1/connections"), token).andExpectAll(problem(401, UNAUTHORIZED));
        }
    }

    @Test
    void healthIsOpenForProbes() throws Exception {
        perform(get("/actuator/health/liveness"), null).andExpect(status().isOk());
    }

    private static MockHttpServletRequestBuilder request(String endpoint) {
        String[] parts = endpoint.split(" ");
        MockHttpServletRequestBuilder request = switch (parts[0]) {
            case "GET" -> get(parts[1]);
            case "POST" -> post(parts[1]);
            case "PUT" -> put(parts[1]);
            default -> throw new IllegalArgumentException(endpoint);
        };
        return request.contentType(YAML).content(DOCUMENT);
    }
}
