package dev.gatehouse.local;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.cli.Gatehouse;
import dev.gatehouse.testkit.OidcIssuer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A simulated GitHub Actions runner for the gatehouse action's scripts: RUNNER_TEMP, GITHUB_ENV,
 * GITHUB_PATH and GITHUB_STEP_SUMMARY are files of a temp directory, and ACTIONS_ID_TOKEN_REQUEST_URL is
 * served here: it checks the request token, as GitHub does, and answers a token the real mock-oauth2-server
 * issuer mints for the audience asked for (or for {@link #audienceServed} when a test sets one).
 */
final class GithubRunner implements AutoCloseable {

    static final String REQUEST_TOKEN = "runner-request-token-for-tests";

    record Result(int exitCode, String out, String err) {
    }

    final Path dir;
    final Path temp;
    final Path githubEnv;
    final Path githubPath;
    final Path summary;
    volatile String audienceServed;
    private final HttpServer tokens;

    GithubRunner(OidcIssuer oidc, String subject, Map<String, ?> claims) throws IOException {
        dir = Files.createTempDirectory("gatehouse-runner");
        temp = Files.createDirectories(dir.resolve("runner-temp"));
        githubEnv = Files.createFile(dir.resolve("github-env"));
        githubPath = Files.createFile(dir.resolve("github-path"));
        summary = Files.createFile(dir.resolve("step-summary.md"));
        tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String audience = query.substring(query.indexOf("audience=") + "audience=".length());
            boolean authorized = ("bearer " + REQUEST_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            String token = oidc.token(OidcIssuer.CI, subject, audienceServed != null ? audienceServed : audience, claims,
                    Duration.ofMinutes(5));
            byte[] body = authorized ? ("{\"value\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(authorized ? 200 : 401, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokens.start();
    }

    /** The runner's variables: what GitHub sets for a step. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:" + tokens.getAddress().getPort() + "/token?api-version=2.0");
        env.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN);
        env.put("RUNNER_TEMP", temp.toString());
        env.put("GITHUB_ENV", githubEnv.toString());
        env.put("GITHUB_PATH", githubPath.toString());
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        env.put("GATEHOUSE_JAVA", System.getProperty("java.home"));
        return env;
    }

    /** Runs one of the action's scripts with the runner's environment plus {@code more}. */
    Result script(String name, Map<String, String> more) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", repository().resolve("ci/github-action").resolve(name).toString());
        builder.environment().putAll(environment());
        builder.environment().putAll(more);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The CLI in this JVM, with the runner's environment plus {@code more} (fast: no JVM start). */
    Result cli(Map<String, String> more, String... args) {
        Map<String, String> env = new HashMap<>(environment());
        env.putAll(more);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Gatehouse.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** The variables the scripts appended to GITHUB_ENV. */
    Map<String, String> exported() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(githubEnv)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("ci/github-action"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no ci/github-action above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The runnable jar the cli module built (-am builds it before this module's tests). */
    static Path cliJar() throws IOException {
        try (var jars = Files.newDirectoryStream(repository().resolve("cli/target"), "gatehouse-cli-*-all.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no cli/target/gatehouse-cli-*-all.jar: build with -am (./mvnw -pl deploy/local -am verify)");
    }


    @Override
    public void close() {
        tokens.stop(0);
    }
}
