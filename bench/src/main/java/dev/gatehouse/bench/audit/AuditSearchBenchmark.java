package dev.gatehouse.bench.audit;

import dev.gatehouse.audit.search.EventRepository;
import dev.gatehouse.audit.search.EventSearch;
import dev.gatehouse.testkit.PostgresFixture;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Times the audit search over N stored events (default 1,000,000) in an embedded PostgreSQL, through
 * {@link EventSearch}: the exact parsing, SQL and row mapping behind {@code GET /api/v1/events}.
 * Events are seeded with COPY after migrating to V3, then the remaining migrations run on the full
 * table (as they would on an existing installation). Run with bench/audit-search.sh.
 */
public final class AuditSearchBenchmark {

    private AuditSearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("audit_search_bench");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/audit-service").target("3")
                .load().migrate();
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        EventSeeder seeder = new EventSeeder(end);
        long t0 = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            seeder.seed(connection, events);
        }
        System.out.printf("seeded %,d events with COPY in %.1f s%n", events, seconds(t0));
        t0 = System.nanoTime();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/audit-service").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("VACUUM ANALYZE events").update();
        System.out.printf("remaining migrations (indexes) + VACUUM ANALYZE in %.1f s%n", seconds(t0));

        EventSearch search = new EventSearch(new EventRepository(jdbc, JsonMapper.builder().build()));
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Function<Integer, MultiValueMap<String, String>>> queries = new LinkedHashMap<>();
        queries.put("newest, no filter", i -> params());
        queries.put("subject + last 24h", i -> params("subject", EventSeeder.subject(busy(random)),
                "from", end.minus(Duration.ofDays(1)).toString(), "to", end.toString()));
        queries.put("subject + last 7d", i -> params("subject", EventSeeder.subject(busy(random)),
                "from", end.minus(Duration.ofDays(7)).toString(), "to", end.toString()));
        queries.put("subject (any repo) + 7d", i -> params("subject", EventSeeder.subject(random.nextInt(EventSeeder.REPOSITORIES)),
                "from", end.minus(Duration.ofDays(7)).toString(), "to", end.toString()));
        queries.put("claim.repository", i -> params("claim.repository", EventSeeder.repository(random.nextInt(EventSeeder.REPOSITORIES))));
        queries.put("claim.repository + verdict=DENY", i -> params("claim.repository",
                EventSeeder.repository(busy(random)), "verdict", "DENY"));
        queries.put("claim.actor (GIN)", i -> params("claim.actor", "bot-" + random.nextInt(13)));
        queries.put("free text, common word", i -> params("q", seeder.word(random.nextInt(10))));
        queries.put("free text, mid word", i -> params("q", seeder.word(200 + random.nextInt(200))));
        queries.put("free text, rare word", i -> params("q", seeder.word(3000 + random.nextInt(2000))));
        queries.put("free text + last 24h", i -> params("q", seeder.word(50 + random.nextInt(100)),
                "from", end.minus(Duration.ofDays(1)).toString(), "to", end.toString()));
        queries.put("connection + DENY", i -> params("connection", EventSeeder.connection(random.nextInt(EventSeeder.CONNECTIONS)),
                "verdict", "DENY"));
        // The verdict index (V5: only verdicts other than ALLOW) and a search it does not cover.
        queries.put("verdict=DENY", i -> params("verdict", "DENY"));
        queries.put("verdict=REVIEW + last 24h", i -> params("verdict", "REVIEW",
                "from", end.minus(Duration.ofDays(1)).toString(), "to", end.toString()));
        queries.put("verdict=ALLOW", i -> params("verdict", "ALLOW"));
        queries.put("order=asc, 7d range", i -> params("order", "asc", "from", end.minus(Duration.ofDays(7)).toString()));

        System.out.printf("%n%-34s %8s %8s %8s %8s  (%d runs each, limit 50, ms)%n", "query", "p50", "p95", "p99",
                "max", iterations);
        for (Map.Entry<String, Function<Integer, MultiValueMap<String, String>>> query : queries.entrySet()) {
            for (int i = 0; i < 20; i++) {
                search.search(query.getValue().apply(i));
            }
            double[] millis = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                MultiValueMap<String, String> p = query.getValue().apply(i);
                long start = System.nanoTime();
                search.search(p);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf("%-34s %8.1f %8.1f %8.1f %8.1f%n", query.getKey(), pct(millis, 50), pct(millis, 95),
                    pct(millis, 99), millis[millis.length - 1]);
        }
        pageDepth(search, end);
        System.exit(0);
    }

    /** Walks 20 pages of a repository with the cursor: keyset pages cost the same however deep. */
    private static void pageDepth(EventSearch search, Instant end) {
        MultiValueMap<String, String> p = params("claim.repository", EventSeeder.repository(0));
        List<Double> times = new ArrayList<>();
        for (int page = 0; page < 20; page++) {
            long start = System.nanoTime();
            var result = search.search(p);
            times.add((System.nanoTime() - start) / 1e6);
            if (result.next() == null) {
                break;
            }
            p.set("cursor", result.next());
        }
        System.out.printf("%ncursor paging, busiest repository, page 1..%d (ms): %s%n", times.size(),
                times.stream().map(t -> String.format("%.1f", t)).toList());
    }

    /** The busy repositories (low numbers get most of the load in the seeder). */
    private static int busy(SplittableRandom random) {
        return random.nextInt(10);
    }

    private static MultiValueMap<String, String> params(String... pairs) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
