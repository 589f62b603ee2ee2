package dev.gatehouse.cluster.drill;

import dev.gatehouse.cluster.Layout;
import dev.gatehouse.cluster.Tokens;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drills' load: through both edge-proxy replicas at once, HTTP GETs and POSTs, SQL inserts over the
 * PostgreSQL listener, and PUTs held for a reviewer that a script approves; every outcome a client saw goes
 * to the client log. Each action carries a fresh id (its path, or the marker its statement inserts), so the
 * checker can find it in the targets' own logs and in the trail.
 * <p>{@code DrillLoad <tag> <seconds> <client-log>}: the tag (letters, digits, dashes) names this drill's actions
 * in paths and statements, so its check counts them and nothing of an earlier drill.
 */
public final class DrillLoad {

    static final String SUBJECT = "repo:acme/drill:ref:refs/heads/main";
    private static final Pattern APPROVAL_ID = Pattern.compile("\"approvalId\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicReference<String> token = new AtomicReference<>(Tokens.ciJob(SUBJECT, "acme/drill"));
    private final String tag;
    private final BufferedWriter log;
    private final long end;

    private DrillLoad(String tag, BufferedWriter log, long end) {
        this.tag = tag;
        this.log = log;
        this.end = end;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DrillLoad <tag> <seconds> <client-log>");
            System.exit(2);
        }
        String tag = args[0];
        if (!tag.matches("[a-z0-9-]{1,60}")) {
            throw new IllegalArgumentException("the drill's tag must be letters, digits and dashes: " + tag);
        }
        long seconds = Long.parseLong(args[1]);
        ClientLog clientLog = new ClientLog(Path.of(args[2]));
        try (BufferedWriter writer = clientLog.writer()) {
            DrillLoad load = new DrillLoad(tag, writer, System.currentTimeMillis() + seconds * 1000);
            List<Thread> threads = new ArrayList<>();
            for (int replica = 0; replica < Layout.PROXY_HTTP.size(); replica++) {
                int r = replica;
                threads.add(Thread.ofPlatform().name("http-" + r).start(() -> load.http(r)));
                threads.add(Thread.ofPlatform().name("sql-" + r).start(() -> load.sql(r)));
            }
            threads.add(Thread.ofPlatform().name("held").start(load::held));
            threads.add(Thread.ofPlatform().name("held-sql").start(load::heldSql));
            threads.add(Thread.ofPlatform().daemon().name("token").start(load::refreshToken));
            for (Thread thread : threads.subList(0, threads.size() - 1)) {
                thread.join();
            }
        }
    }

    /** CI tokens live minutes; a drill can outlast one. */
    private void refreshToken() {
        while (true) {
            sleep(60_000);
            try {
                token.set(Tokens.ciJob(SUBJECT, "acme/drill"));
            } catch (RuntimeException e) {
                // the issuer is not a drill's target; the old token is still valid for minutes
            }
        }
    }

    private void http(int replica) {
        long count = 0;
        while (System.currentTimeMillis() < end) {
            String id = UUID.randomUUID().toString();
            boolean post = ++count % 4 == 0;
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy(replica) + "/proxy/drill-http/drill/" + tag + "/" + id))
                    .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token.get());
            if (post) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + count + "}"));
            }
            record("http", replica, send(request.build()));
        }
    }

    /** A PUT the policy holds for a reviewer: asked without waiting, approved by the reviewer script, sent again. */
    private void held() {
        int replica = 0;
        while (System.currentTimeMillis() < end) {
            replica = 1 - replica;
            String url = proxy(replica) + "/proxy/drill-http/held/" + tag + "/" + UUID.randomUUID();
            HttpResponse<String> asked = send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + token.get()).header("Prefer", "respond-async")
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
            Matcher approval = asked == null ? null : APPROVAL_ID.matcher(asked.body());
            if (asked == null || asked.statusCode() != 202 || !approval.find()) {
                record("http", replica, asked);
                sleep(200);
                continue;
            }
            String approvalId = approval.group(1);
            if (!Reviewer.approve(http, approvalId)) {
                sleep(200);
                continue;
            }
            HttpResponse<String> decided = send(HttpRequest.newBuilder(URI.create(proxy(replica) + "/approvals/" + approvalId + "?wait=10s"))
                    .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token.get()).build());
            if (decided == null || !decided.body().contains("APPROVED")) {
                sleep(200);
                continue;
            }
            record("http", replica, send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + token.get()).header("Gatehouse-Approval", approvalId)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build()));
        }
    }

    /**
     * A DELETE the policy holds for a reviewer, sent by psql (a real client) through each proxy in turn: psql
     * waits on its statement while the reviewer script approves it over approval-service's REST API.
     */
    private void heldSql() {
        if (!Psql.installed()) {
            System.out.println("DrillLoad: no psql on PATH, so no held SQL deletes (apt-get install postgresql-client)");
            return;
        }
        int replica = 0;
        while (System.currentTimeMillis() < end) {
            replica = 1 - replica;
            String marker = UUID.randomUUID().toString();
            Psql.Run run = Psql.start(Layout.PROXY_POSTGRES.get(replica), token.get(),
                    "DELETE FROM actions WHERE marker = '" + marker + "' AND replica = '" + tag + "'");
            long deadline = System.currentTimeMillis() + 30_000;
            boolean approved = false;
            while (run.running() && System.currentTimeMillis() < deadline) {
                approved = approved || Reviewer.approvePending(http, "drill-db", marker);
                sleep(200);
            }
            write(ClientLog.format("sql", replica, run.outcome(), marker));
        }
    }

    private void sql(int replica) {
        Connection connection = null;
        while (System.currentTimeMillis() < end) {
            try {
                if (connection == null) {
                    connection = connect(replica);
                }
                String marker = UUID.randomUUID().toString();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO actions(marker, replica) VALUES ('" + marker + "', '" + tag + "')");
                    write(ClientLog.format("sql", replica, "ok", marker));
                } catch (SQLException e) {
                    write(ClientLog.format("sql", replica, state(e), marker));
                    if (connection.isClosed() || !connection.isValid(2)) {
                        close(connection);
                        connection = null;
                        sleep(250);
                    }
                }
            } catch (SQLException e) {
                write(ClientLog.format("sql", replica, state(e), "-"));
                close(connection);
                connection = null;
                sleep(250);
            }
        }
        close(connection);
    }

    private Connection connect(int replica) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ci");
        properties.setProperty("password", token.get());
        properties.setProperty("sslmode", "require");
        // Simple protocol: the statement text, marker included, is what the target's log shows.
        properties.setProperty("preferQueryMode", "simple");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "15");
        return DriverManager.getConnection("jdbc:postgresql://" + Layout.HOST + ":" + Layout.PROXY_POSTGRES.get(replica)
                + "/drill-db", properties);
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "no-state" : e.getSQLState();
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void record(String kind, int replica, HttpResponse<String> response) {
        if (response == null) {
            write(ClientLog.format(kind, replica, "0", "-"));
            sleep(100);
        } else {
            write(ClientLog.format(kind, replica, String.valueOf(response.statusCode()),
                    response.headers().firstValue("Gatehouse-Audit-Id").orElse("-")));
        }
    }

    private void write(String line) {
        try {
            synchronized (log) {
                log.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String proxy(int replica) {
        return Layout.url(Layout.PROXY_HTTP.get(replica));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
