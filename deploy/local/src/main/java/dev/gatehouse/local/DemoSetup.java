package dev.gatehouse.local;

import dev.gatehouse.testkit.PostgresFixture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Registers the demo through the same admin REST APIs an operator uses: the demo policy
 * ({@code demo-policy.yaml}: connection {@code demo-http} pointing at the echo target, GET allowed for
 * any caller whose token carries a {@code repository} claim, writes held for review, DELETE denied
 * everywhere; connection {@code demo-db}: reads allowed with API keys masked, bounded writes allowed,
 * schema changes held for review, destructive DDL denied) and the upstream credentials in the vault
 * (a bearer token for the echo target; for the demo database a role minted per session; for the demo
 * SSH host, when sshd is installed, a user CA whose certificates the vault signs per session: {@link DemoSsh}).
 */
public final class DemoSetup {

    public static final String CONNECTION = "demo-http";
    public static final String ALLOW_RULE = "allow-get-with-repository";
    public static final String REVIEW_RULE = "review-writes";
    public static final String DENY_RULE = "deny-delete";
    public static final String DB_CONNECTION = "demo-db";
    public static final String LLM_CONNECTION = "demo-llm";
    public static final String DB_DATABASE = "demo";
    /** The group role every minted demo-db role joins: what an agent may touch in the demo database. */
    public static final String DB_GROUP_ROLE = "demo_agent";
    public static final String K8S_CONNECTION = "demo-k8s";
    /** Where demo-k8s points when the suite runs without the demo cluster: nothing listens there. */
    static final String NO_CLUSTER = "https://localhost:1";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String adminToken;

    private DemoSetup(String adminToken) {
        this.adminToken = adminToken;
    }

    /** Seeds the demo and returns the upstream token stored in the vault (so tests can check injection). */
    public static String seed(Suite suite) {
        String upstreamToken = "demo-upstream-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        DemoSetup setup = new DemoSetup(suite.infra().oidc().internalToken("local-admin", "gatehouse-admin"));
        PostgresFixture postgres = suite.infra().postgres();
        DemoDatabase.create(postgres, DB_DATABASE, DB_GROUP_ROLE);
        setup.send("PUT", suite.url("policy-service") + "/api/v1/policies", "application/yaml", demoPolicy(suite));
        if (DemoSsh.target() != null) {
            setup.send("PUT", suite.url("credential-vault") + "/api/v1/secrets/" + DemoSsh.CONNECTION,
                    "application/json", DemoSsh.secret(DemoSsh.target()));
        }
        setup.send("PUT", suite.url("credential-vault") + "/api/v1/secrets/" + CONNECTION, "application/json", """
                {"type":"BEARER","secret":"%s"}""".formatted(upstreamToken));
        setup.send("PUT", suite.url("credential-vault") + "/api/v1/secrets/" + LLM_CONNECTION, "application/json", """
                {"type":"BEARER","secret":"demo-llm-provider-key"}""");
        setup.send("PUT", suite.url("credential-vault") + "/api/v1/secrets/" + DemoMcp.CONNECTION, "application/json", """
                {"type":"BEARER","secret":"demo-mcp-server-key"}""");
        // A login role per proxy session, minted by the vault with the embedded server's admin login.
        setup.send("PUT", suite.url("credential-vault") + "/api/v1/secrets/" + DB_CONNECTION, "application/json", """
                {"type":"POSTGRES_DYNAMIC","username":"%s","secret":"%s","host":"%s","port":%d,"database":"%s",
                 "sslMode":"disable","grantedRoles":["%s"],"connectionLimit":20,"defaultTtl":"1h","maxTtl":"8h"}"""
                .formatted(postgres.username(), postgres.password(), postgres.host(), postgres.port(), DB_DATABASE,
                        DB_GROUP_ROLE));
        // The cluster's credential: a service account token allowed to impersonate (the double accepts any).
        setup.send("PUT", suite.url("credential-vault") + "/api/v1/secrets/" + K8S_CONNECTION, "application/json", """
                {"type":"BEARER","secret":"%s"}""".formatted(clusterToken(upstreamToken)));
        if (DemoMysql.running()) {
            setup.mysqlSecret(suite);
        }
        return upstreamToken;
    }

    /** Points demo-mysql at the demo MariaDB started after {@link #seed}: the policy again and its login. */
    public static void seedMysql(Suite suite) {
        DemoSetup setup = new DemoSetup(suite.infra().oidc().internalToken("local-admin", "gatehouse-admin"));
        setup.send("PUT", suite.url("policy-service") + "/api/v1/policies", "application/yaml", demoPolicy(suite));
        setup.mysqlSecret(suite);
    }

    private void mysqlSecret(Suite suite) {
        send("PUT", suite.url("credential-vault") + "/api/v1/secrets/" + DemoMysql.CONNECTION, "application/json",
                DemoMysql.secretJson());
    }

    /** The demo policy document for this suite's echo target and database. */
    public static String demoPolicy(Suite suite) {
        PostgresFixture postgres = suite.infra().postgres();
        DemoCluster cluster = suite.infra().cluster();
        return DemoSsh.policy(demoPolicy(), DemoSsh.target()).replace("${ECHO_URL}", suite.infra().echo().url())
                .replace("${LLM_URL}", DemoLlm.provider().url())
                .replace("${DEMO_DB_URL}", "postgresql://" + postgres.host() + ":" + postgres.port() + "/" + DB_DATABASE)
                .replace("${K8S_URL}", cluster == null ? NO_CLUSTER : cluster.url())
                .replace("${K8S_CA}", cluster == null ? "\"\"" : yamlString(cluster.caCertificate()))
                .replace("${DEMO_MYSQL_URL}", DemoMysql.upstream())
                .replace("${MCP_URL}", DemoMcp.upstream());
    }

    /** The token the vault holds for demo-k8s, derived from the seed's random upstream token. */
    public static String clusterToken(String upstreamToken) {
        return upstreamToken.replace("demo-upstream-", "demo-cluster-");
    }

    /** A PEM block as one YAML double-quoted scalar (base64, dashes and spaces need no escaping but the line ends). */
    private static String yamlString(String pem) {
        return "\"" + pem.strip().replace("\r", "").replace("\n", "\\n") + "\"";
    }

    /** The demo policy document, with {@code ${ECHO_URL}} and {@code ${DEMO_DB_URL}} still to be replaced. */
    public static String demoPolicy() {
        try (InputStream in = DemoSetup.class.getResourceAsStream("/demo-policy.yaml")) {
            return new String(Objects.requireNonNull(in, "demo-policy.yaml").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(String method, String url, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + URI.create(url).getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
