package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.testkit.RequiredTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real kubectl with a plugin-free kubeconfig for the proxy's kubectl port (as deploy/local/kubeconfig.sh writes it). */
final class Kubectl {

    record Run(int exitCode, String output) {
    }

    private Kubectl() {
    }

    /** Runs kubectl once; {@code envName} (may be null) is set in its environment. */
    static Run run(int port, String certificatePem, String connection, String token, String envName, String envValue,
                   String... args) {
        return runWithInput(port, certificatePem, connection, token, envName, envValue, "", args);
    }

    /** A kubectl left running (a port-forward) and the file its output goes to. */
    record Background(Process process, Path log) implements AutoCloseable {

        String printed() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Background start(int port, String certificatePem, String connection, String token, Map<String, String> env,
                            String... args) {
        try {
            Path home = Files.createTempDirectory("gatehouse-kubectl");
            List<String> command = new ArrayList<>(List.of(RequiredTool.kubectl().toString(), "--kubeconfig",
                    kubeconfig(home, port, certificatePem, connection, token).toString(), "--cache-dir",
                    home.resolve("cache").toString()));
            command.addAll(List.of(args));
            Path log = home.resolve("out.txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            return new Background(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same with {@code input} on kubectl's stdin (then closed). */
    static Run runWithInput(int port, String certificatePem, String connection, String token, String envName,
                            String envValue, String input, String... args) {
        try {
            Path home = Files.createTempDirectory("gatehouse-kubectl");
            Path kubeconfig = kubeconfig(home, port, certificatePem, connection, token);
            List<String> command = new ArrayList<>(List.of(RequiredTool.kubectl().toString(), "--kubeconfig",
                    kubeconfig.toString(), "--cache-dir", home.resolve("cache").toString(), "--request-timeout", "30s"));
            command.addAll(List.of(args));
            Path output = home.resolve("out.txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            if (envName != null) {
                builder.environment().put(envName, envValue);
            }
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
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

    private static Path kubeconfig(Path home, int port, String certificatePem, String connection, String token)
            throws IOException {
        return Files.writeString(home.resolve("kubeconfig"), dev.gatehouse.testkit.Kubeconfig.text(
                "https://localhost:" + port + "/proxy/" + connection,
                Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)), token));
    }
}
