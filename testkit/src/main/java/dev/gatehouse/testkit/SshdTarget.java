package dev.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server as an SSH target: {@code sshd -D -e} with its own config, host key and
 * authorized key in a temp dir, on a free loopback port, logging in only with public keys (the key
 * pair the vault hands out, or a certificate signed by {@link #caPublicKey()}'s CA). Runs as the test's
 * own user. It makes local port forwards (a direct-tcpip channel, what the proxy relays an allowed
 * {@code ssh -L} through), not remote ones. Stopped with the JVM or {@link #close()}.
 */
public final class SshdTarget implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path log;

    private SshdTarget(Path dir, int port, Process process, Path log) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    public static SshdTarget start() {
        Path sshd = RequiredTool.sshd();
        try {
            Path dir = Files.createTempDirectory("sshd-target");
            keygen(dir.resolve("host_key"), "ecdsa");
            keygen(dir.resolve("user_key"), "ecdsa");
            keygen(dir.resolve("ca_key"), "ecdsa");
            Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
            int port = freePort();
            Files.writeString(dir.resolve("sshd_config"), config(dir, port));
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory (as root)
            Path log = dir.resolve("sshd.log");
            Process process = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            SshdTarget target = new SshdTarget(dir, port, process, log);
            Runtime.getRuntime().addShutdownHook(new Thread(target::close));
            target.awaitListening();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String config(Path dir, int port) {
        return String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"), "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "TrustedUserCAKeys " + dir.resolve("ca_key.pub"), "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "UsePAM no",
                "PermitRootLogin prohibit-password", "StrictModes no", "LogLevel VERBOSE", "AllowTcpForwarding yes",
                "X11Forwarding no", "PrintMotd no", "Subsystem sftp internal-sftp", "") ;
    }

    private static void keygen(Path file, String type) throws IOException {
        run(RequiredTool.sshKeygen().toString(), "-q", "-t", type, "-b", "256", "-N", "", "-C", "sshd-target",
                "-f", file.toString());
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(log));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IOException("sshd did not listen on " + port + ": " + Files.readString(log));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return System.getProperty("user.name");
    }

    /** The host key's fingerprint as {@code ssh-keygen -l} prints it ({@code SHA256:…}). */
    public String fingerprint() {
        return fingerprintOf(dir.resolve("host_key.pub"));
    }

    /** {@code ssh://127.0.0.1:<port>?hostKey=SHA256:…}, the connection's upstream. */
    public String upstream() {
        return "ssh://127.0.0.1:" + port + "?hostKey=" + fingerprint();
    }

    /** The authorized user key (OpenSSH private key PEM), what the vault leases as a stored key. */
    public String privateKey() {
        return read(dir.resolve("user_key"));
    }

    /** The user CA's private key (OpenSSH PEM): the vault signs short-lived certificates with it. */
    public String caPrivateKey() {
        return read(dir.resolve("ca_key"));
    }

    public String caPublicKey() {
        return read(dir.resolve("ca_key.pub")).strip();
    }

    /** A fresh key pair (not authorized) and a user certificate for it signed by the target's CA, as ssh-keygen -s makes it. */
    public Certified certify(String keyId, String principal) {
        try {
            Path key = Files.createTempDirectory(dir, "cert").resolve("key");
            keygen(key, "ecdsa");
            run(RequiredTool.sshKeygen().toString(), "-q", "-s", dir.resolve("ca_key").toString(), "-I", keyId, "-n",
                    principal, "-V", "-1m:+10m", key + ".pub");
            return new Certified(read(key), read(Path.of(key + "-cert.pub")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A private key (OpenSSH PEM) and its certificate line. */
    public record Certified(String privateKey, String certificate) {
    }

    /** The server's log so far ({@code -e}, VERBOSE: accepted keys and certificate ids). */
    public String log() {
        return read(log);
    }

    /** A directory for the test's files on the target (the same machine). */
    public Path dataDir(String name) {
        try {
            return Files.createDirectories(dir.resolve("data").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host key fingerprint from a {@code .pub} file. */
    public static String fingerprintOf(Path publicKey) {
        try {
            String line = run(RequiredTool.sshKeygen().toString(), "-l", "-E", "sha256", "-f", publicKey.toString());
            List<String> parts = new ArrayList<>(List.of(line.strip().split("\\s+")));
            return parts.get(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
