package dev.gatehouse.proxy.kubernetes;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kubernetes connection at the proxy's level, with a TLS cluster double: TLS to the cluster trusts
 * exactly the connection's CA, the cluster sees the vault's token and the agent impersonated (never the
 * JWT), and refusals are Status objects. The cluster is a JDK HTTPS server with its own certificate.
 */
class ClusterTlsIT extends ProxyIntegrationTest {

    private static final ListenerCertificate CLUSTER_CA = ListenerCertificate.generate();
    private static final ListenerCertificate OTHER_CA = ListenerCertificate.generate();
    private static final List<Map<String, List<String>>> RECEIVED = new CopyOnWriteArrayList<>();
    /** base64 of "hunter2": too short for any detector, so only the Secret's field rule can catch it. */
    private static final String SHORT_SECRET = "aHVudGVyMg==";
    private static HttpsServer cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        cluster.setHttpsConfigurator(new HttpsConfigurator(sslContext(CLUSTER_CA)));
        cluster.createContext("/", exchange -> {
            RECEIVED.add(Map.copyOf(exchange.getRequestHeaders()));
            boolean secret = exchange.getRequestURI().getPath().contains("/secrets/");
            // A secret answered without a JSON Content-Type: its fields cannot be masked by path.
            byte[] body = (secret ? "{\"kind\":\"Secret\",\"data\":{\"password\":\"" + SHORT_SECRET + "\"}}"
                    : "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"items\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", secret ? "text/plain" : "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.stop(0);
    }

    @Test
    void theClusterIsReachedOverTlsTrustingItsCaAsTheImpersonatedAgentWithTheVaultsTokenOnly() {
        policy("k8s-trusted", CLUSTER_CA, "ALLOW");
        int before = RECEIVED.size();
        String token = agentToken();

        HttpResponse<String> response = get("/proxy/k8s-trusted/api/v1/namespaces/default/configmaps", token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(RECEIVED).hasSize(before + 1);
        Map<String, List<String>> seen = RECEIVED.getLast();
        assertThat(seen.get("Authorization")).containsExactly("Bearer " + VAULT_SECRET);
        assertThat(seen.get("Impersonate-user")).containsExactly("gatehouse:repo:acme/app:ref:refs/heads/main");
        assertThat(seen.get("Impersonate-extra-run-id")).containsExactly("4711");
        assertThat(seen.toString().contains(token)).as("the agent's JWT reached the cluster").isFalse();
    }

    @Test
    void aClusterWhoseCertificateTheConnectionsCaDidNotSignIsNeverSentTheRequest() {
        policy("k8s-impostor", OTHER_CA, "ALLOW");
        int before = RECEIVED.size();

        HttpResponse<String> response = get("/proxy/k8s-impostor/api/v1/namespaces/default/secrets", agentToken());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"kind\":\"Status\"");
        assertThat(RECEIVED).as("no request, so no credential, reached the impostor").hasSize(before);
    }

    @Test
    void aSecretAnsweredAsAnythingButJsonIsRefusedNotPassed() {
        policy("k8s-plain", CLUSTER_CA, "ALLOW");

        HttpResponse<String> response = get("/proxy/k8s-plain/api/v1/namespaces/default/secrets/db", agentToken());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).doesNotContain(SHORT_SECRET).contains("not JSON");
    }

    @Test
    void aDenialIsAStatusNamingTheRuleAndNothingIsForwarded() {
        policy("k8s-denied", CLUSTER_CA, "DENY");
        int before = RECEIVED.size();

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/proxy/k8s-denied/api/v1/namespaces/default/configmaps/a")).DELETE(), agentToken());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).contains("\"kind\":\"Status\"").contains("\"reason\":\"Forbidden\"")
                .contains("rule k8s-no-delete");
        assertThat(RECEIVED).hasSize(before);
    }

    @Test
    void aClientsOwnImpersonationIsRefusedAsAStatusAndNothingIsForwarded() {
        policy("k8s-as", CLUSTER_CA, "ALLOW");
        int before = RECEIVED.size();

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/proxy/k8s-as/api/v1/namespaces/default/configmaps")).header("impersonate-USER", "system:admin")
                .GET(), agentToken());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"kind\":\"Status\"").contains("Impersonate-*");
        assertThat(RECEIVED).hasSize(before);
    }

    /** The stub policy: the connection (type kubernetes, the cluster's address, this CA) and the verdict. */
    private void policy(String connection, ListenerCertificate ca, String verdict) {
        String upstream = "https://localhost:" + cluster.getAddress().getPort();
        String listed = "{\"name\":\"" + connection + "\",\"type\":\"KUBERNETES\",\"upstream\":\"" + upstream
                + "\",\"settings\":{\"caCertificate\":\"" + ca.pem().replace("\n", "\\n") + "\"}}";
        String decision = verdict.equals("ALLOW")
                ? "{\"verdict\":\"ALLOW\",\"ruleId\":\"k8s-reads\",\"audit\":\"WRITE_AHEAD\",\"target\":{\"name\":\""
                + connection + "\",\"protocol\":\"KUBERNETES\",\"upstream\":\"" + upstream + "\"}}"
                : refuse(verdict, "k8s-no-delete");
        POLICY.respond(request -> request.path().startsWith("/api/v1/connections/") ? listed : decision);
    }

    private static SSLContext sslContext(ListenerCertificate certificate) throws GeneralSecurityException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("cluster", certificate.keys().getPrivate(), new char[0],
                    new Certificate[] {certificate.certificate()});
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
