package dev.gatehouse.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real clients the tests drive (psql, pgbench, git, curl, Chromium with its chromedriver), found on
 * {@code PATH}. A missing one fails the test that needs it with what to install: a test is never skipped
 * for it, because a skipped security test would read as coverage, and never left to a driver's stack trace.
 * {@code deploy/test-tools.sh} installs them all.
 */
public final class RequiredTool {

    /** Searched instead of {@code PATH} when set: lets a run hide a tool that is installed. */
    public static final String PATH_PROPERTY = "gatehouse.test-tools.path";

    /** Where the browser tests found their browser and its driver. */
    public record Chromium(Path browser, Path driver) {
    }

    private RequiredTool() {
    }

    public static Path psql() {
        return require("psql", "psql (PostgreSQL's client)", "postgresql-client");
    }

    /** Debian ships pgbench with the server package, not with postgresql-client. */
    public static Path pgbench() {
        return require("pgbench", "pgbench", "postgresql");
    }

    /** Debian's kubernetes-client package ships kubectl. */
    public static Path kubectl() {
        return require("kubectl", "kubectl", "kubernetes-client");
    }

    public static Path git() {
        return require("git", "git", "git");
    }

    public static Path curl() {
        return require("curl", "curl", "curl");
    }

    /** The OpenSSH client. */
    public static Path ssh() {
        return require("ssh", "ssh (the OpenSSH client)", "openssh-client");
    }

    public static Path sshKeygen() {
        return require("ssh-keygen", "ssh-keygen", "openssh-client");
    }

    /** Feeds the CI token to ssh as its password ({@code sshpass -e}). */
    public static Path sshpass() {
        return require("sshpass", "sshpass", "sshpass");
    }

    /** The OpenSSH server, started by the tests as an SSH target on a free port (it lives in sbin). */
    public static Path sshd() {
        return find("sshd", searchPath() + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin")
                .orElseThrow(() -> new TestToolMissing(message("sshd (the OpenSSH server)", "openssh-server")));
    }

    /** The MariaDB command-line client (also installed as {@code mysql}). */
    public static Path mariadb() {
        return require("mariadb", "mariadb (MariaDB's client)", "mariadb-client");
    }

    /** The MariaDB server and its data directory initialiser; Debian puts the server in /usr/sbin. */
    public static Path mariadbd() {
        String path = searchPath() + File.pathSeparator + "/usr/sbin";
        require("mariadb-install-db", "mariadb-install-db", "mariadb-server");
        return find("mariadbd", path).orElseThrow(() -> new TestToolMissing(message("mariadbd", "mariadb-server")));
    }

    public static Chromium chromium() {
        Optional<Path> browser = find("chromium", searchPath());
        Optional<Path> driver = find("chromedriver", searchPath());
        if (browser.isEmpty() || driver.isEmpty()) {
            throw new TestToolMissing(message("chromium and chromedriver", "chromium chromium-driver"));
        }
        return new Chromium(browser.get(), driver.get());
    }

    private static Path require(String command, String what, String debianPackage) {
        return find(command, searchPath()).orElseThrow(() -> new TestToolMissing(message(what, debianPackage)));
    }

    static String message(String what, String debianPackages) {
        return callingTest() + " needs " + what + " (not found on PATH): run deploy/test-tools.sh"
                + " (Debian: apt-get install " + debianPackages + ")";
    }

    /** The first executable {@code command} in the directories of {@code path}, as a shell would find it. */
    static Optional<Path> find(String command, String path) {
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String searchPath() {
        String override = System.getProperty(PATH_PROPERTY);
        if (override != null) {
            return override;
        }
        String path = System.getenv("PATH");
        return path == null ? "" : path;
    }

    /** The test class on the stack (named *IT or *Tests), so the message says which test needs the tool. */
    private static String callingTest() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(frame -> frame.getClassName().replaceFirst("\\$.*", ""))
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .filter(name -> name.endsWith("IT") || name.endsWith("Tests"))
                .findFirst()).orElse("This test");
    }
}
