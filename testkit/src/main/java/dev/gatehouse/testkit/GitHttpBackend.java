package dev.gatehouse.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Git smart-HTTP server for tests: {@code git http-backend} run as a CGI program behind a
 * JDK HttpServer on a random localhost port, serving bare repositories under a temporary root, with
 * receive-pack (push) enabled. Records the {@code Authorization} header of every request, so a test
 * can check which credential reached it. Needs the {@code git} executable ({@link RequiredTool#git()}).
 */
public final class GitHttpBackend implements AutoCloseable {

    /** One request the backend received. */
    public record Received(String method, String path, String query, String authorization) {
    }

    private final Path gitCommand;
    private final Path root;
    private final Path home;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public GitHttpBackend() {
        gitCommand = RequiredTool.git();
        try {
            root = Files.createTempDirectory("git-backend-repos");
            home = Files.createTempDirectory("git-backend-home");
            server = JdkHttpServers.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "git-http-backend");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}; a repository {@code acme/app.git} is at {@code url() + "/acme/app.git"}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Creates a bare repository (e.g. {@code acme/app.git}) with push over HTTP enabled and one commit
     * on {@code main}, so that tests have refs to fetch, update and delete.
     */
    public Path createBareRepository(String name) {
        Path repository = root.resolve(name).normalize();
        if (!repository.startsWith(root)) {
            throw new IllegalArgumentException("repository must stay under the backend's root: " + name);
        }
        Path work = null;
        try {
            Files.createDirectories(repository.getParent());
            git(root, "init", "--quiet", "--bare", "--initial-branch=main", repository.toString());
            git(repository, "config", "http.receivepack", "true");
            work = Files.createTempDirectory("git-backend-seed");
            git(work, "init", "--quiet", "--initial-branch=main");
            Files.writeString(work.resolve("README.md"), "# " + name + "\n");
            git(work, "add", "README.md");
            git(work, "-c", "user.name=Gatehouse Test", "-c", "user.email=test@gatehouse.dev", "commit", "--quiet",
                    "-m", "initial commit");
            git(work, "push", "--quiet", repository.toString(), "HEAD:refs/heads/main");
            return repository;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) {
                deleteRecursively(work);
            }
        }
    }

    /** The repository's refs (name to object id), read with {@code git for-each-ref}. */
    public Map<String, String> refs(String name) {
        String listing = git(root.resolve(name), "for-each-ref", "--format=%(refname) %(objectname)");
        Map<String, String> refs = new LinkedHashMap<>();
        listing.lines().filter(line -> !line.isBlank()).forEach(line -> {
            int space = line.indexOf(' ');
            refs.put(line.substring(0, space), line.substring(space + 1));
        });
        return refs;
    }

    /** The Authorization header of the last request, or null. */
    public String lastAuthorization() {
        return received.isEmpty() ? null : received.getLast().authorization();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Runs {@code git} with the backend's isolated configuration; returns stdout, fails on a non-zero exit. */
    public String git(Path directory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(gitCommand.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        isolate(builder.environment());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread drain = Thread.ofVirtual().start(() -> copyQuietly(process.getErrorStream(), errors));
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            drain.join();
            if (exit != 0) {
                throw new IllegalStateException("git " + arguments[0] + " failed (" + exit + "): " + errors);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization")));
            ProcessBuilder builder = new ProcessBuilder(gitCommand.toString(), "http-backend");
            cgiEnvironment(exchange, builder.environment());
            Process process = builder.start();
            Thread requestBody = Thread.ofVirtual().start(() -> {
                try (OutputStream stdin = process.getOutputStream(); InputStream body = exchange.getRequestBody()) {
                    body.transferTo(stdin);
                } catch (IOException e) {
                    // the backend stopped reading: its answer says why
                }
            });
            Thread.ofVirtual().start(() -> copyQuietly(process.getErrorStream(), OutputStream.nullOutputStream()));
            respond(exchange, process.getInputStream());
            requestBody.join();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cgiEnvironment(HttpExchange exchange, Map<String, String> env) {
        isolate(env);
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GIT_HTTP_MAX_REQUEST_BUFFER", "100M");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_PROTOCOL", "HTTP/1.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        String query = exchange.getRequestURI().getRawQuery();
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("REMOTE_USER", "gatehouse-test");
        env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
        putHeader(exchange, env, "Content-Type", "CONTENT_TYPE");
        putHeader(exchange, env, "Content-Length", "CONTENT_LENGTH");
        putHeader(exchange, env, "Content-Encoding", "HTTP_CONTENT_ENCODING");
        putHeader(exchange, env, "Git-Protocol", "GIT_PROTOCOL");
    }

    private static void putHeader(HttpExchange exchange, Map<String, String> env, String header, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    /** Reads the CGI header block (Status:, Content-Type, ...) and streams the rest as the body. */
    private static void respond(HttpExchange exchange, InputStream cgi) throws IOException {
        int status = 200;
        for (String line = readLine(cgi); line != null && !line.isEmpty(); line = readLine(cgi)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ", 2)[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            cgi.transferTo(body);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private void isolate(Map<String, String> env) {
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.remove("GIT_DIR");
        env.remove("GIT_WORK_TREE");
    }

    private static void copyQuietly(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        deleteRecursively(root);
        deleteRecursively(home);
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }
}
