package dev.gatehouse.proxy.ssh;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.proxy.support.StubHttpServer;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.RequiredTool;
import dev.gatehouse.testkit.SshdTarget;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Boots the real proxy with its SSH listener against the real OIDC issuer and Kafka, with a real
 * OpenSSH server as the target and the real OpenSSH client (through sshpass) as the agent.
 * policy-service is a stub deciding by the command text (the shell parsing and rule matching are
 * policy-service's, proven there and in the whole-system test); the vault a stub leasing the target's key.
 */
@SpringBootTest(classes = EdgeProxyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=edge-proxy", "gatehouse.proxy.policy.cache.enabled=false",
                "gatehouse.proxy.postgres.enabled=false", "gatehouse.proxy.ssh.enabled=true",
                "gatehouse.proxy.ssh.port=0"})
abstract class SshListenerTest {

    static final OidcIssuer OIDC = OidcIssuer.shared();
    static final KafkaFixture KAFKA = KafkaFixture.shared();
    static final SshdTarget SSHD = SshdTarget.start();
    static final StubHttpServer VAULT = new StubHttpServer();
    static final String CONNECTION = "web-1";
    /** A connection to the same host whose upstream names another host key. */
    static final String WRONG_KEY = "web-wrong-key";
    /** A connection whose vault lease is a per-session key and certificate (the vault's SSH_CA). */
    static final String CERTIFIED = "web-cert";
    static final String WRONG_KEY_UPSTREAM = "ssh://127.0.0.1:" + SSHD.port()
            + "?hostKey=SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcde";
    static final PolicyStub POLICY = new PolicyStub();

    @Autowired
    SshListener listener;

    @DynamicPropertySource
    static void proxyProperties(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.proxy.trust.issuers[0].issuer", () -> OIDC.issuerUrl(OidcIssuer.CI));
        registry.add("gatehouse.proxy.trust.issuers[0].audience", () -> OidcIssuer.AGENT_AUDIENCE);
        registry.add("gatehouse.proxy.policy.url", POLICY::url);
        registry.add("gatehouse.proxy.vault.url", VAULT::url);
        registry.add("spring.security.oauth2.client.provider.gatehouse.token-uri",
                () -> OIDC.tokenEndpoint(OidcIssuer.INTERNAL));
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("gatehouse.proxy.audit.spool-dir", () -> temp("ssh-spool").toString());
        registry.add("gatehouse.proxy.ssh.host-key", () -> temp("ssh-host").resolve("host-key").toString());
    }

    @BeforeEach
    void resetStubs() {
        POLICY.decide(SshListenerTest::defaultDecision);
        VAULT.respond(200, lease(SSHD.privateKey(), null));
    }

    /** rm and forwards are denied, the rest allowed with secrets masked. */
    static String defaultDecision(String request) {
        if (request.contains("rm -rf")) {
            return deny("no-deletes");
        }
        if (request.contains("\"method\":\"port-forward\"") || request.contains("\"method\":\"agent-forward\"")) {
            return deny("no-forwards");
        }
        return allow(request, "run-anything");
    }

    static String allow(String request, String ruleId) {
        String connection = request.contains("\"connection\":\"" + WRONG_KEY + "\"") ? WRONG_KEY
                : request.contains("\"connection\":\"" + CERTIFIED + "\"") ? CERTIFIED : CONNECTION;
        return "{\"verdict\":\"ALLOW\",\"ruleId\":\"" + ruleId + "\",\"audit\":\"WRITE_AHEAD\",\"target\":{\"name\":\""
                + connection + "\",\"protocol\":\"SSH\",\"upstream\":\"" + PolicyStub.upstream(connection) + "\"},"
                + "\"masking\":{\"detectors\":[\"secrets\"]}}";
    }

    static String deny(String ruleId) {
        return "{\"verdict\":\"DENY\",\"ruleId\":\"" + ruleId + "\",\"reason\":\"deleting files is not allowed\"}";
    }

    static String lease(String privateKey, String certificate) {
        return "{\"leaseId\":\"lease-ssh-" + (certificate == null ? "key" : "cert") + "\",\"dynamic\":"
                + (certificate != null) + ",\"connection\":\"" + (certificate == null ? CONNECTION : CERTIFIED) + "\",\"credential\":{\"type\":\"SSH_KEY\","
                + "\"username\":\"" + SSHD.user() + "\",\"secret\":" + json(privateKey)
                + (certificate == null ? "" : ",\"header\":" + json(certificate)) + "},\"expiresAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}";
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static String agentToken() {
        return OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", 4711));
    }

    static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line every 0.3 s: output reaches the agent as the host writes it (a live masker). */
    static final String TICKING = "while :; do echo tttttttt; sleep 0.3; done";
    static final String TICK = "tttttttt";

    record Result(int exit, String stdout, String stderr) {
    }

    /** The real OpenSSH client through sshpass, pinning the listener's host key, the token as the password. */
    Result ssh(String user, String token, String... commandAndOptions) throws IOException, InterruptedException {
        return sshWithInput(user, token, "", commandAndOptions);
    }

    /** As {@link #ssh}, writing {@code input} to ssh's stdin (what the agent types) before closing it. */
    Result sshWithInput(String user, String token, String input, String... commandAndOptions)
            throws IOException, InterruptedException {
        Path home = temp("ssh-agent");
        Path knownHosts = home.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + listener.port() + " " + listener.publicKey() + "\n");
        List<String> command = new ArrayList<>(List.of(RequiredTool.sshpass().toString(), "-e",
                RequiredTool.ssh().toString(), "-p", Integer.toString(listener.port()), "-F", "/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "PreferredAuthentications=keyboard-interactive,password", "-o", "PubkeyAuthentication=no",
                "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR"));
        command.addAll(List.of(commandAndOptions).subList(0, commandAndOptions.length - 1));
        command.add(user + "@127.0.0.1");
        String remote = commandAndOptions[commandAndOptions.length - 1];
        if (!remote.isEmpty()) {
            command.add(remote); // none with -W (stdio forwarding)
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(home.resolve("stderr").toFile())
                .redirectOutput(home.resolve("stdout").toFile());
        builder.environment().put("SSHPASS", token);
        Process process = builder.start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("ssh did not finish");
        }
        return new Result(process.exitValue(), Files.readString(home.resolve("stdout")),
                Files.readString(home.resolve("stderr")));
    }

    /** policy-service: connections (the one SSH connection) and decisions as a function of the request body. */
    static final class PolicyStub {

        private final HttpServer server;
        private volatile Function<String, String> decide = SshListenerTest::defaultDecision;
        final List<String> decided = new java.util.concurrent.CopyOnWriteArrayList<>();

        PolicyStub() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/v1/connections/", exchange -> {
                String name = exchange.getRequestURI().getPath().substring("/api/v1/connections/".length());
                String upstream = upstream(name);
                answer(exchange, upstream != null ? 200 : 404, upstream != null ? "{\"name\":\"" + name
                        + "\",\"type\":\"SSH\",\"upstream\":\"" + upstream + "\"}" : "{}");
            });
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                decided.add(body);
                answer(exchange, 200, decide.apply(body));
            });
            server.start();
        }

        static String upstream(String connection) {
            return connection.equals(CONNECTION) || connection.equals(CERTIFIED) ? SSHD.upstream() : connection.equals(WRONG_KEY) ? WRONG_KEY_UPSTREAM : null;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void decide(Function<String, String> function) {
            this.decide = function;
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        }
    }
}
