package dev.gatehouse.bench.audit;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Writes realistic audit events straight into the events table with COPY: sessions of ~10 events
 * spread over 30 days, 200 repositories with a skewed load (a few busy ones), 20 connections over the
 * four protocols, mostly ALLOW, masked payloads drawn from a Zipf-like vocabulary so that free-text
 * terms range from common to rare.
 */
final class EventSeeder {

    static final int REPOSITORIES = 200;
    static final int CONNECTIONS = 20;
    static final Duration SPAN = Duration.ofDays(30);
    private static final String[] KINDS = {"SESSION_STARTED", "REQUEST", "DECISION", "RESPONSE", "REQUEST",
            "DECISION", "RESPONSE", "REQUEST", "DECISION", "RESPONSE"};
    private static final String[] PROTOCOLS = {"HTTP", "POSTGRES", "KUBERNETES", "GIT"};
    private static final String COLUMNS = "id, session_id, seq, occurred_at, kind, issuer, subject, claims, connection,"
            + " protocol, operation, verdict, rule_id, approval_id, masking, payload, status, duration_ms,"
            + " policy_version, lease_id";
    private static final int CHUNK = 20_000;

    private final SplittableRandom random = new SplittableRandom(42);
    private final String[] words = vocabulary(5000);
    private final Instant end;

    EventSeeder(Instant end) {
        this.end = end;
    }

    static String repository(int n) {
        return "org" + (n % 17) + "/app" + n;
    }

    static String subject(int n) {
        return "repo:" + repository(n) + ":ref:refs/heads/main";
    }

    static String connection(int n) {
        return "conn-" + n;
    }

    /** The n-th most frequent vocabulary word (0 = most common). */
    String word(int rank) {
        return words[rank];
    }

    void seed(Connection connection, int count) throws SQLException, IOException {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        Instant start = end.minus(SPAN);
        long stepNanos = SPAN.toNanos() / count;
        StringBuilder chunk = new StringBuilder(CHUNK * 600);
        int repo = 0;
        int conn = 0;
        String runId = "";
        for (int i = 0; i < count; i++) {
            int seq = i % 10;
            if (seq == 0) {
                double r = random.nextDouble();
                repo = (int) (REPOSITORIES * r * r * r);
                conn = random.nextInt(CONNECTIONS);
                runId = Long.toString(1_000_000L + random.nextInt(9_000_000));
            }
            Instant at = start.plusNanos(stepNanos * i + random.nextLong(stepNanos / 2 + 1));
            row(chunk, i, seq, at, repo, conn, runId);
            if (chunk.length() > CHUNK * 500) {
                copy.copyIn("COPY events (" + COLUMNS + ") FROM STDIN (FORMAT csv)", new StringReader(chunk.toString()));
                chunk.setLength(0);
            }
        }
        copy.copyIn("COPY events (" + COLUMNS + ") FROM STDIN (FORMAT csv)", new StringReader(chunk.toString()));
    }

    private void row(StringBuilder out, int i, int seq, Instant at, int repo, int conn, String runId) {
        String protocol = PROTOCOLS[conn % PROTOCOLS.length];
        String kind = KINDS[seq];
        int v = random.nextInt(100);
        String verdict = kind.equals("DECISION") || kind.equals("RESPONSE") ? (v < 90 ? "ALLOW" : v < 98 ? "DENY" : "REVIEW") : "";
        String claims = "{\"repository\":\"" + repository(repo) + "\",\"run_id\":\"" + runId
                + "\",\"ref\":\"refs/heads/main\",\"workflow\":\"deploy\",\"actor\":\"bot-" + (repo % 13)
                + "\",\"groups\":[\"ci\"]}";
        String path = "/api/items/" + random.nextInt(100_000);
        String operation = "{\"connection\":\"" + connection(conn) + "\",\"protocol\":\"" + protocol
                + "\",\"method\":\"GET\",\"path\":\"" + path + "\"}";
        out.append(new UUID(0x0190_0000_0000_7000L | ((long) i << 16), 0x8000_0000_0000_0000L | random.nextLong(1L << 62))).append(',')
                .append("s-").append(i / 10).append(',').append(seq).append(',').append(at).append(',')
                .append(kind).append(",https://token.actions.githubusercontent.com,").append(subject(repo)).append(',')
                .append(csv(claims)).append(',').append(connection(conn)).append(',').append(protocol).append(',')
                .append(csv(operation)).append(',').append(verdict).append(",rule-").append(random.nextInt(40)).append(',')
                .append(verdict.equals("REVIEW") ? "appr-" + i : "").append(",\"{\"\"aws-key\"\":1}\",")
                .append(csv(payload(path))).append(',').append(kind.equals("RESPONSE") ? "200" : "")
                .append(',').append(random.nextInt(500)).append(',').append(1 + random.nextInt(30)).append(',')
                .append(kind.equals("RESPONSE") ? "lease-" + (i / 10) : "").append('\n');
    }

    private String payload(String path) {
        StringBuilder text = new StringBuilder("{\"path\":\"").append(path).append("\",\"body\":\"");
        int n = 10 + random.nextInt(40);
        for (int k = 0; k < n; k++) {
            double r = random.nextDouble();
            text.append(words[(int) (words.length * r * r * r * r)]).append(' ');
        }
        return text.append("token=***\"}").toString();
    }

    private static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String[] vocabulary(int size) {
        String[] common = {"select", "from", "orders", "customer", "invoice", "deploy", "error", "timeout", "status",
                "shipped", "pending", "refund", "user", "account", "delete", "update", "insert", "pod", "namespace",
                "secret", "branch", "commit", "merge", "release"};
        String[] words = new String[size];
        for (int i = 0; i < size; i++) {
            words[i] = i < common.length ? common[i] : "w" + Integer.toString(i * 7919, 36);
        }
        return words;
    }
}
