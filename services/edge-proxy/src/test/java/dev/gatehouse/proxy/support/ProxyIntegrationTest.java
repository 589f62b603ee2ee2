package dev.gatehouse.proxy.support;

import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Boots the real proxy against the real OIDC issuer and Kafka, with small stub servers for
 * policy-service, the vault and a target. Subclasses share one application context.
 */
@SpringBootTest(classes = EdgeProxyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=edge-proxy")
// These tests change the stub policy's answer between identical requests; DecisionCacheIT turns the
// cache back on (a subclass's inline property wins) in a context of its own. Request bodies are capped
// low so the limit can be tested without sending megabytes. The cached contexts are closed one by one
// when the test JVM exits, each waiting out its client event loops' quiet period (2 s by default):
// with the contexts these tests make, that outlasted surefire's 30 s exit allowance and the fork was killed.
@TestPropertySource(properties = {"gatehouse.proxy.policy.cache.enabled=false", "gatehouse.proxy.request.max-body=1MB",
        "spring.reactor.netty.shutdown-quiet-period=0s"})
public abstract class ProxyIntegrationTest {

    protected static final OidcIssuer OIDC = OidcIssuer.shared();
    protected static final KafkaFixture KAFKA = KafkaFixture.shared();
    protected static final StubHttpServer POLICY = new StubHttpServer();
    protected static final StubHttpServer VAULT = new StubHttpServer();
    protected static final StubHttpServer TARGET = new StubHttpServer();
    protected static final String VAULT_SECRET = "vault-secret-7f3a9c";

    // HTTP/1.1 as curl and CI tools speak it: the JDK client's default h2c upgrade attempt on plain
    // http is a path no caller of the proxy takes, and a CI run once saw a reused connection hang there.
    // One client for all tests, so requests reuse kept-alive connections as a CI tool's would.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void proxyProperties(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.proxy.trust.issuers[0].issuer", () -> OIDC.issuerUrl(OidcIssuer.CI));
        registry.add("gatehouse.proxy.trust.issuers[0].audience", () -> OidcIssuer.AGENT_AUDIENCE);
        registry.add("gatehouse.proxy.policy.url", POLICY::url);
        registry.add("gatehouse.proxy.vault.url", VAULT::url);
        registry.add("spring.security.oauth2.client.provider.gatehouse.token-uri",
                () -> OIDC.tokenEndpoint(OidcIssuer.INTERNAL));
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("gatehouse.proxy.audit.spool-dir", ProxyIntegrationTest::freshSpoolDir);
    }

    private static String freshSpoolDir() {
        try {
            return java.nio.file.Files.createTempDirectory("proxy-spool").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void resetStubs() {
        TARGET.respond(200, "{\"echo\":true}");
        VAULT.respond(200, lease("bearer", VAULT_SECRET));
        POLICY.respond(200, allow("rule-allow-reads"));
    }

    protected static String agentToken() {
        return OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", 4711));
    }

    protected static String allow(String ruleId) {
        return "{\"verdict\":\"ALLOW\",\"ruleId\":\"" + ruleId + "\",\"audit\":\"WRITE_AHEAD\",\"target\":"
                + "{\"name\":\"echo\",\"protocol\":\"HTTP\",\"upstream\":\"" + TARGET.url() + "/base\"}}";
    }

    protected static String refuse(String verdict, String ruleId) {
        return "{\"verdict\":\"" + verdict + "\",\"ruleId\":\"" + ruleId + "\",\"reason\":\"test\"}";
    }

    protected static String lease(String type, String secret) {
        String username = type.equals("basic") ? ",\"username\":\"svc-user\"" : "";
        return "{\"leaseId\":\"lease-1\",\"connection\":\"echo\",\"credential\":{\"type\":\""
                + type.toUpperCase() + "\"" + username + ",\"secret\":\"" + secret + "\"},\"expiresAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}";
    }

    protected HttpResponse<String> get(String rawPathAndQuery, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPathAndQuery)).GET(), token);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
