package dev.gatehouse.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The five services as a deployment runs them: each its own JVM from its built jar ({@code *-exec.jar}),
 * configured by command-line properties the way the Helm chart sets environment variables, the edge-proxy
 * twice (two replicas, each its own spool).
 */
final class ServiceCommands {

    private final Path root;
    private final Layout layout;
    private final List<String> javaOptions;
    private final String keyEncryptionKey = randomKey();
    /** One checkpoint key for the cluster's life: receipts verify across audit-service restarts, as in production. */
    private final String checkpointKey = ed25519Key();

    ServiceCommands(Path root, Layout layout, List<String> javaOptions) {
        this.root = root;
        this.layout = layout;
        this.javaOptions = javaOptions;
    }

    List<Supervised> internalServices() {
        return List.of(
                service("policy-service", internal(Layout.POLICY, "gatehouse_policy")),
                service("credential-vault", internal(Layout.VAULT, "gatehouse_vault"),
                        Map.of("GATEHOUSE_VAULT_CRYPTO_KEYENCRYPTIONKEY", keyEncryptionKey)),
                service("approval-service", internal(Layout.APPROVAL, "gatehouse_approval")),
                service("audit-service", with(with(with(internal(Layout.AUDIT, "gatehouse_audit"),
                        "gatehouse.audit.dashboard.issuer-uri", Layout.issuer("gatehouse")),
                        "gatehouse.audit.dashboard.approval-url", Layout.url(Layout.APPROVAL)),
                        // a checkpoint every 2 s while events arrive, so the drills' receipts are covered soon
                        "gatehouse.audit.checkpoint.every", "2s"),
                        Map.of("GATEHOUSE_AUDIT_CHECKPOINT_SIGNINGKEY", checkpointKey)));
    }

    List<Supervised> proxies() {
        List<Supervised> proxies = new ArrayList<>();
        for (int replica = 0; replica < Layout.PROXY_HTTP.size(); replica++) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("server.port", String.valueOf(Layout.PROXY_HTTP.get(replica)));
            properties.put("gatehouse.proxy.postgres.port", String.valueOf(Layout.PROXY_POSTGRES.get(replica)));
            properties.put("gatehouse.proxy.postgres.tls.self-signed", "true");
            properties.put("spring.kafka.bootstrap-servers", Layout.bootstrapServers());
            properties.put("gatehouse.proxy.audit.spool-dir", layout.data().resolve("edge-proxy-" + (replica + 1) + "-spool").toString());
            properties.put("gatehouse.proxy.trust.issuers[0].issuer", Layout.issuer("ci"));
            properties.put("gatehouse.proxy.trust.issuers[0].audience", "gatehouse");
            properties.put("gatehouse.proxy.policy.url", Layout.url(Layout.POLICY));
            properties.put("gatehouse.proxy.vault.url", Layout.url(Layout.VAULT));
            properties.put("gatehouse.proxy.approval.url", Layout.url(Layout.APPROVAL));
            properties.put("gatehouse.proxy.caller-api.audit-url", Layout.url(Layout.AUDIT));
            properties.put("spring.security.oauth2.client.provider.gatehouse.token-uri", Layout.issuer("gatehouse") + "/token");
            proxies.add(service("edge-proxy-" + (replica + 1), "edge-proxy", properties, Map.of()));
        }
        return proxies;
    }

    private Map<String, String> internal(int port, String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        properties.put("spring.datasource.url", "jdbc:postgresql://" + Layout.HOST + ":" + Layout.SERVICES_POSTGRES + "/" + database);
        properties.put("spring.datasource.username", PostgresServers.USER);
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", Layout.issuer("gatehouse"));
        properties.put("spring.security.oauth2.resourceserver.jwt.audiences", "gatehouse-internal");
        properties.put("spring.kafka.bootstrap-servers", Layout.bootstrapServers());
        return properties;
    }

    private static Map<String, String> with(Map<String, String> properties, String key, String value) {
        properties.put(key, value);
        return properties;
    }

    private Supervised service(String name, Map<String, String> properties) {
        return service(name, properties, Map.of());
    }

    private Supervised service(String name, Map<String, String> properties, Map<String, String> secrets) {
        return service(name, name, properties, secrets);
    }

    /**
     * Settings on the command line (they show in its log and in {@code ps}); secrets in the environment
     * (Spring's relaxed binding), as the Helm chart passes them from Kubernetes Secrets.
     */
    private Supervised service(String name, String module, Map<String, String> properties, Map<String, String> secrets) {
        List<String> command = new ArrayList<>(javaOptions);
        command.add("-jar");
        command.add(jar(module).toString());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        command.add("--spring.main.banner-mode=off");
        Map<String, String> environment = new LinkedHashMap<>(secrets);
        if (properties.containsKey("spring.datasource.url")) {
            environment.put("SPRING_DATASOURCE_PASSWORD", PostgresServers.PASSWORD);
        }
        return new Supervised(name, command, environment, layout);
    }

    private Path jar(String module) {
        Path target = root.resolve("services").resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target
                            + ": build first (deploy/cluster/run.sh does)"));
        } catch (IOException e) {
            throw new UncheckedIOException("no " + module + " build in " + target + ": build first", e);
        }
    }

    private static String ed25519Key() {
        try {
            return Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                    .getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
