package dev.gatehouse.local;

import dev.gatehouse.approval.ApprovalServiceApplication;
import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.policy.PolicyServiceApplication;
import dev.gatehouse.testkit.HealthCheck;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.vault.CredentialVaultApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Hooks;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * All five Gatehouse services side by side in one JVM, each its own Spring Boot application with its
 * own configuration file and database, wired to each other over real HTTP and Kafka. Used by the
 * local stack (fixed ports) and by the whole-system tests (ports 0 = random).
 */
public final class Suite implements AutoCloseable {

    /** Listening ports of the five services and the proxy's PostgreSQL listener; 0 picks a free port. */
    public record Ports(int proxy, int policy, int approval, int audit, int vault, int proxyPostgres) {

        public static final Ports LOCAL = new Ports(8080, 8081, 8082, 8083, 8084, 15432);
        public static final Ports RANDOM = new Ports(0, 0, 0, 0, 0, 0);
    }

    /**
     * Spring Security's servlet configuration (policy, vault, approval, audit) installs a JVM-wide Reactor
     * hook that wraps every reactive subscriber to carry the servlet request, for WebClient calls made
     * under one. None of those services makes such a call, and alone in its pod the edge-proxy (WebFlux)
     * never has the hook; sharing this JVM, it would tax every operator of the proxy's data path (~2 % of
     * the stack's CPU in a profile of proxied GETs). Removed after each service starts.
     */
    private static final String SERVLET_SECURITY_REACTOR_HOOK = "org.springframework.security.SECURITY_REACTOR_CONTEXT_OPERATOR";

    /** The proxy's kubectl port in the local stack. */
    public static final int KUBERNETES_PORT = 16443;

    private final Infrastructure infra;
    private final Ports ports;
    private final String keyEncryptionKey = randomKey();
    private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();
    private final Map<String, Integer> lastPorts = new HashMap<>();

    private Suite(Infrastructure infra, Ports ports) {
        this.infra = infra;
        this.ports = ports;
    }

    /** Creates the service databases and starts the services, the proxy last (it needs their URLs). */
    public static Suite start(Infrastructure infra, Ports ports) {
        Suite suite = new Suite(infra, ports);
        try {
            for (String database : new String[] {"gatehouse_policy", "gatehouse_approval", "gatehouse_audit",
                    "gatehouse_vault"}) {
                infra.postgres().createDatabase(database);
            }
            suite.startPolicy();
            suite.boot("credential-vault", CredentialVaultApplication::application, suite.vaultProperties());
            suite.boot("approval-service", ApprovalServiceApplication::application, suite.approvalProperties());
            suite.boot("audit-service", AuditServiceApplication::application, suite.auditProperties());
            suite.boot("edge-proxy", EdgeProxyApplication::application, suite.proxyProperties());
            return suite;
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    /**
     * Starts one more edge-proxy replica (random port) beside the first, as a second pod would run:
     * same policy, vault, approval-service and Kafka, its own spool and its own approval consumer.
     * Returns its base URL; {@link #close()} stops it with the rest.
     */
    public String startProxyReplica(String name) {
        return startProxyReplica(name, Map.of());
    }

    /** {@link #startProxyReplica(String)} with settings of its own, e.g. an LLM budget two replicas share. */
    public String startProxyReplica(String name, Map<String, Object> settings) {
        Map<String, Object> properties = proxyProperties();
        properties.putAll(settings);
        properties.put("server.port", 0);
        properties.put("gatehouse.proxy.postgres.port", 0);
        properties.put("gatehouse.proxy.ssh.port", 0);
        properties.put("gatehouse.proxy.kubernetes.port", 0);
        properties.put("gatehouse.proxy.mysql.port", 0);
        boot(name, EdgeProxyApplication::application, properties);
        return url(name);
    }

    public void startPolicy() {
        boot("policy-service", PolicyServiceApplication::application,
                policyProperties(port("policy-service", ports.policy())));
    }

    /** Stops one service (gracefully) so a test can see how the others behave without it. */
    public void stop(String service) {
        ConfigurableApplicationContext context = running.remove(service);
        if (context != null) {
            context.close();
        }
    }

    public String url(String service) {
        ConfigurableApplicationContext context = running.get(service);
        if (context == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** The port the proxy's PostgreSQL listener took (its configured one, or the free one it picked). */
    public int proxyPostgresPort() {
        ConfigurableApplicationContext context = running.get("edge-proxy");
        if (context == null) {
            throw new IllegalStateException("edge-proxy is not running");
        }
        return context.getBean(dev.gatehouse.proxy.postgres.PostgresListener.class).port();
    }

    /** The port the proxy's MySQL listener took. */
    public int proxyMysqlPort() {
        ConfigurableApplicationContext context = running.get("edge-proxy");
        if (context == null) {
            throw new IllegalStateException("edge-proxy is not running");
        }
        return context.getBean(dev.gatehouse.proxy.mysql.MysqlListener.class).port();
    }

    /** The proxy's SSH listener: its port and host key (a known_hosts entry's key part). */
    public dev.gatehouse.proxy.ssh.SshListener proxySsh() {
        ConfigurableApplicationContext context = running.get("edge-proxy");
        if (context == null) {
            throw new IllegalStateException("edge-proxy is not running");
        }
        return context.getBean(dev.gatehouse.proxy.ssh.SshListener.class);
    }

    /** The port of the proxy's kubectl (TLS) port. */
    public int proxyKubernetesPort() {
        return kubernetesListener().port();
    }

    /** The certificate (PEM) the proxy's kubectl port generated at start-up: a kubeconfig's CA. */
    public String proxyKubernetesCertificate() {
        return kubernetesListener().certificatePem();
    }

    private dev.gatehouse.proxy.kubernetes.KubernetesListener kubernetesListener() {
        ConfigurableApplicationContext context = running.get("edge-proxy");
        if (context == null) {
            throw new IllegalStateException("edge-proxy is not running");
        }
        return context.getBean(dev.gatehouse.proxy.kubernetes.KubernetesListener.class);
    }

    /** Names of the running services, in start order. */
    public List<String> services() {
        return List.copyOf(running.keySet());
    }

    /**
     * Waits until every service's {@code /actuator/health} answers UP: a started context is not yet a
     * healthy service (its database, broker or issuer may still be out of reach).
     */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String service : services()) {
            HealthCheck.awaitUp(service + " (after " + timeout + ")", url(service), deadline);
        }
    }

    public Infrastructure infra() {
        return infra;
    }

    private void boot(String service, Supplier<SpringApplicationBuilder> application, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("spring.main.banner-mode", "off");
        // As command-line arguments: builder "properties" are defaults, which each service's own yml overrides.
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = application.get().run(args);
        Hooks.resetOnLastOperator(SERVLET_SECURITY_REACTOR_HOOK);
        running.put(service, context);
        lastPorts.put(service, Integer.valueOf(context.getEnvironment().getProperty("local.server.port")));
    }

    /** A restarted service comes back on the port it had, so its clients find it again. */
    private int port(String service, int configured) {
        Integer previous = lastPorts.get(service);
        return previous != null ? previous : configured;
    }

    private Map<String, Object> internalServiceProperties(int port, String database) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", port);
        properties.put("spring.datasource.url", infra.postgres().jdbcUrl(database));
        properties.put("spring.datasource.username", infra.postgres().username());
        properties.put("spring.datasource.password", infra.postgres().password());
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", infra.oidc().issuerUrl(OidcIssuer.INTERNAL));
        properties.put("spring.security.oauth2.resourceserver.jwt.audiences", OidcIssuer.INTERNAL_AUDIENCE);
        return properties;
    }

    private Map<String, Object> policyProperties(int port) {
        Map<String, Object> properties = internalServiceProperties(port, "gatehouse_policy");
        properties.put("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
        return properties;
    }

    private Map<String, Object> vaultProperties() {
        Map<String, Object> properties = internalServiceProperties(ports.vault(), "gatehouse_vault");
        properties.put("gatehouse.vault.crypto.key-encryption-key", keyEncryptionKey);
        properties.put("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
        return properties;
    }

    private Map<String, Object> approvalProperties() {
        Map<String, Object> properties = internalServiceProperties(ports.approval(), "gatehouse_approval");
        properties.put("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
        return properties;
    }

    private Map<String, Object> auditProperties() {
        Map<String, Object> properties = internalServiceProperties(ports.audit(), "gatehouse_audit");
        properties.put("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
        // The dashboard signs people in at the company IdP and acts on approval-service on their behalf.
        properties.put("gatehouse.audit.dashboard.issuer-uri", infra.oidc().issuerUrl(OidcIssuer.INTERNAL));
        properties.put("gatehouse.audit.dashboard.approval-url", url("approval-service"));
        // A checkpoint every 2 s while events arrive: `gatehouse receipt` right after a request finds it covered.
        properties.put("gatehouse.audit.checkpoint.every", "2s");
        return properties;
    }

    private Map<String, Object> proxyProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", ports.proxy());
        properties.put("gatehouse.proxy.postgres.port", ports.proxyPostgres());
        // On one machine a certificate made at start-up will do: psql's sslmode=require encrypts without
        // verifying it. Production mounts a real one (helm: proxy.postgresListener.tls).
        properties.put("gatehouse.proxy.postgres.tls.self-signed", true);
        // The SSH listener: 2222 on the local stack (its host key kept in the temp dir across runs), any port in tests.
        properties.put("gatehouse.proxy.ssh.enabled", true);
        properties.put("gatehouse.proxy.ssh.port", ports.proxy() == 0 ? 0 : 2222);
        properties.put("gatehouse.proxy.ssh.host-key", ports.proxy() == 0
                ? temporaryDirectory("gatehouse-ssh-host") + "/host-key"
                : System.getProperty("java.io.tmpdir") + "/gatehouse-local-ssh-host-key");
        // kubectl sends its token only over TLS: the kubectl port with a certificate made at start-up
        // (deploy/local/kubeconfig.sh puts it in the kubeconfig), 16443 beside the proxy's 8080.
        properties.put("gatehouse.proxy.kubernetes.enabled", true);
        properties.put("gatehouse.proxy.kubernetes.port", ports.proxy() == 0 ? 0 : KUBERNETES_PORT);
        properties.put("gatehouse.proxy.kubernetes.tls.self-signed", true);
        // The MySQL listener (demo-mysql): 13306 in the local stack, a free port in tests.
        properties.put("gatehouse.proxy.mysql.enabled", true);
        properties.put("gatehouse.proxy.mysql.port", ports.proxy() == 0 ? 0 : 13306);
        properties.put("gatehouse.proxy.mysql.tls.self-signed", true);
        properties.put("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
        // A spool of its own: events of an earlier run never drain into this run's trail.
        properties.put("gatehouse.proxy.audit.spool-dir", temporaryDirectory("gatehouse-proxy-spool"));
        properties.put("gatehouse.proxy.trust.issuers[0].issuer", infra.oidc().issuerUrl(OidcIssuer.CI));
        properties.put("gatehouse.proxy.trust.issuers[0].audience", OidcIssuer.AGENT_AUDIENCE);
        properties.put("gatehouse.proxy.policy.url", url("policy-service"));
        properties.put("gatehouse.proxy.vault.url", url("credential-vault"));
        properties.put("gatehouse.proxy.approval.url", url("approval-service"));
        properties.put("gatehouse.proxy.caller-api.audit-url", url("audit-service"));
        properties.put("spring.security.oauth2.client.provider.gatehouse.token-uri",
                infra.oidc().tokenEndpoint(OidcIssuer.INTERNAL));
        return properties;
    }

    private static String temporaryDirectory(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void close() {
        // Replicas first (anything not one of the five), then the five in reverse start order.
        List<String> order = new ArrayList<>(running.keySet());
        order.removeAll(FIVE);
        order.addAll(FIVE.reversed());
        for (String service : order) {
            stop(service);
        }
    }

    private static final List<String> FIVE = List.of("policy-service", "credential-vault", "approval-service",
            "audit-service", "edge-proxy");
}
