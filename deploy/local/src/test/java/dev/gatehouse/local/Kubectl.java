package dev.gatehouse.local;

import dev.gatehouse.testkit.Kubeconfig;
import dev.gatehouse.testkit.RequiredTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl with a kubeconfig of its own, as deploy/local/kubeconfig.sh writes one: the server is
 * Gatehouse ({@code /proxy/<connection>}), the user's token the CI job's OIDC token, no plugin. Its
 * discovery cache lives in a directory of its own, so every test class starts with a cold one.
 */
final class Kubectl {

    record Run(int exitCode, String output) {
    }

    private final Path home;
    private final Path kubeconfig;

    private Kubectl(Path home) {
        this.home = home;
        this.kubeconfig = home.resolve("kubeconfig");
    }

    /** kubectl for Gatehouse's kubectl port on this host, trusting its certificate (PEM). */
    static Kubectl against(int port, String certificatePem, String connection, String token) {
        try {
            Kubectl kubectl = new Kubectl(Files.createTempDirectory("gatehouse-kubectl"));
            Files.writeString(kubectl.kubeconfig, Kubeconfig.text("https://localhost:" + port + "/proxy/" + connection,
                    Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)), token));
            return kubectl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file(String name, String content) {
        try {
            return Files.writeString(home.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Run run(String... args) {
        return runWith(java.util.Map.of(), args);
    }

    /** kubectl with these environment variables set (say KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false). */
    Run runWith(java.util.Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(RequiredTool.kubectl().toString(), "--kubeconfig",
                kubeconfig.toString(), "--cache-dir", home.resolve("cache").toString(), "--request-timeout", "60s"));
        command.addAll(List.of(args));
        try {
            // To a file: a large answer never blocks kubectl on a full pipe while this waits.
            Path output = Files.createTempFile(home, "out", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish");
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
