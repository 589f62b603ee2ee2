package dev.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real MariaDB server (Debian's {@code mariadb-server}) started as a child process in a temporary data
 * directory on a free loopback port, like the embedded PostgreSQL: {@code mariadb-install-db} then
 * {@code mariadbd --no-defaults}, so no system configuration or daemon is involved. Root logs in with
 * {@code mysql_native_password} and a generated password; the server's character set is utf8mb4.
 */
public final class MariaDbFixture implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Process server;
    private final int port;
    private final String password = "root-" + UUID.randomUUID().toString().substring(0, 12);

    private MariaDbFixture(Path directory, Process server, int port) {
        this.directory = directory;
        this.server = server;
        this.port = port;
    }

    /** The JVM-wide server: started once, shared by every test class, stopped at JVM exit. */
    public static MariaDbFixture shared() {
        return Shared.MARIADB.get();
    }

    static MariaDbFixture start() {
        Path mariadbd = RequiredTool.mariadbd();
        try {
            Path directory = Files.createTempDirectory("gatehouse-mariadb");
            Path data = directory.resolve("data");
            run(directory.resolve("install.log"), "mariadb-install-db", "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--user=" + user(), "--skip-test-db");
            int port = freePort();
            Process server = new ProcessBuilder(mariadbd.toString(), "--no-defaults", "--datadir=" + data,
                    "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + directory.resolve("sock"),
                    "--user=" + user(), "--pid-file=" + directory.resolve("pid"), "--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_general_ci", "--innodb-buffer-pool-size=64M", "--skip-log-bin",
                    "--log-error=" + directory.resolve("error.log"))
                    .redirectErrorStream(true).redirectOutput(directory.resolve("server.log").toFile()).start();
            MariaDbFixture fixture = new MariaDbFixture(directory, server, port);
            fixture.awaitReady();
            fixture.rootSql("ALTER USER root@localhost IDENTIFIED BY '" + fixture.password + "'; "
                    + "CREATE OR REPLACE USER root@'127.0.0.1' IDENTIFIED BY '" + fixture.password + "'; "
                    + "GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION", "");
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an empty database (dropping any leftover of the same name). */
    public void createDatabase(String name) {
        if (!Pattern.matches("[a-z_][a-z0-9_]{0,62}", name)) {
            throw new IllegalArgumentException("database name must be a lower-case identifier: " + name);
        }
        sql("DROP DATABASE IF EXISTS " + name + "; CREATE DATABASE " + name);
    }

    /** Runs SQL as root with the {@code mariadb} client over TCP; fails with the client's output. */
    public String sql(String statements) {
        return rootSql(statements, password);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String username() {
        return "root";
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** The server process, for tests that watch its memory or liveness. */
    public long pid() {
        return server.pid();
    }

    private String rootSql(String statements, String rootPassword) {
        List<String> command = new java.util.ArrayList<>(List.of(RequiredTool.mariadb().toString(), "--no-defaults",
                "--socket=" + directory.resolve("sock"), "--protocol=socket", "-uroot", "--batch", "-e", statements));
        if (!rootPassword.isEmpty()) {
            command.add(4, "--password=" + rootPassword);
        }
        try {
            Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(client.getInputStream().readAllBytes());
            if (!client.waitFor(30, TimeUnit.SECONDS) || client.exitValue() != 0) {
                throw new IllegalStateException("mariadb client failed: " + output.replace(rootPassword, "***"));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + server.exitValue() + "; see " + directory);
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                if (Files.exists(directory.resolve("sock"))) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep();
        }
        throw new IllegalStateException("mariadbd did not accept connections within " + START_TIMEOUT);
    }

    private static void run(Path log, String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command[0] + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** mariadbd refuses to run as root unless told to; any other user runs as itself. */
    private static String user() {
        return System.getProperty("user.name");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
