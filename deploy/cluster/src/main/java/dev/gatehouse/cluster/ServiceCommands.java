package dev.gatehouse.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    ServiceCommands(Path root, Layout layout, List<String> javaOptions) {
        this.root = root;
        this.layout = layout;
        this.javaOptions = javaOptions;
    }

    List<Supervised> internalServices() {
        return List.of(
                service("policy-service", internal(Layout.POLICY, "gatehouse_policy")),
                service("credential-vault", with(internal(Layout.VAULT, "gatehouse_vault"),
                        "gatehouse.vault.crypto.key-encryption-key", keyEncryptionKey)),
                service("approval-service", internal(Layout.APPROVAL, "gatehouse_approval")),
                service("audit-service", with(with(with(internal(Layout.AUDIT, "gatehouse_audit"),
                        "gatehouse.audit.dashboard.issuer-uri", Layout.issuer("gatehouse")),
                        "gatehouse.audit.dashboard.approval-url", Layout.url(Layout.APPROVAL)),
                        // a checkpoint every 2 s while events arrive, so the drills' receipts are covered soon
                        "gatehouse.audit.checkpoint.every", "2s")));
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
            proxies.add(service("edge-proxy-" + (replica + 1), "edge-proxy", properties));
        }
        return proxies;
    }

    private Map<String, String> internal(int port, String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        properties.put("spring.datasource.url", "jdbc:postgresql://" + Layout.HOST + ":" + Layout.SERVICES_POSTGRES + "/" + database);
        properties.put("spring.datasource.username", PostgresServers.USER);
        properties.put("spring.datasource.password", PostgresServers.PASSWORD);
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
        return service(name, name, properties);
    }

    private Supervised service(String name, String module, Map<String, String> properties) {
        List<String> command = new ArrayList<>(javaOptions);
        command.add("-jar");
        command.add(jar(module).toString());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        command.add("--spring.main.banner-mode=off");
        return new Supervised(name, command, Map.of(), layout);
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

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
