package dev.gatehouse.policy;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Base for tests that boot the whole service the way it runs: its own config file, Flyway on a fresh
 * embedded PostgreSQL database, the shared embedded Kafka broker, and real bearer tokens from the
 * test OIDC issuer. Test classes share one application context (and so one database and one active
 * policy): tests store the policy they need and never assume absolute version numbers.
 */
@SpringBootTest(classes = PolicyServiceApplication.class, properties = "spring.config.name=policy-service")
// No request dumps: they would put bearer tokens into the test reports.
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
public abstract class PolicyServiceIT {

    protected static final OidcIssuer OIDC = OidcIssuer.shared();
    protected static final String ADMIN = OIDC.internalToken("alice", "gatehouse-admin");
    protected static final String PROXY = OIDC.internalToken("gatehouse-edge-proxy", "gatehouse-proxy");
    protected static final String REVIEWER = OIDC.internalToken("rita", "gatehouse-reviewer");
    protected static final String AUDITOR = OIDC.internalToken("aude", "gatehouse-auditor");
    protected static final String AGENT = OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
            Map.of("repository", "acme/app", "groups", java.util.List.of("gatehouse-admin", "gatehouse-proxy")));
    protected static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    /** A database per application context: a second context must never drop the first one's. */
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Autowired
    protected MockMvc mvc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("policy_service_it_" + DATABASES.incrementAndGet());
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> OIDC.issuerUrl(OidcIssuer.INTERNAL));
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> OidcIssuer.INTERNAL_AUDIENCE);
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaFixture.shared().bootstrapServers());
    }

    protected ResultActions perform(MockHttpServletRequestBuilder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return mvc.perform(request.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
    }

    protected ResultActions perform(MockHttpServletRequestBuilder request, String token, String json) throws Exception {
        return perform(request.contentType(MediaType.APPLICATION_JSON).content(json), token);
    }

    /** Sends a YAML policy document (application/yaml) with the given token. */
    protected ResultActions performYaml(MockHttpServletRequestBuilder request, String token, String yaml) throws Exception {
        return perform(request.contentType(YAML).content(yaml), token);
    }

    /** Stores a policy as the admin; 201 when it is a new version, 200 when it was already active. */
    protected ResultActions storePolicy(String yaml) throws Exception {
        return performYaml(put("/api/v1/policies"), ADMIN, yaml).andExpect(status().is2xxSuccessful());
    }

    /** Asserts an RFC 9457 body with the given stable type and status. */
    protected static ResultMatcher[] problem(int status, String type) {
        return new ResultMatcher[]{status().is(status),
                content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON),
                jsonPath("$.type").value(type), jsonPath("$.status").value(status)};
    }
}
