package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.AuditTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 16: a statement the policy allows with {@code audit: ASYNC} and no approval is one audit record, a
 * RESPONSE that also carries what the REQUEST carried; a write keeps its write-ahead REQUEST before it runs.
 * Real pgjdbc, proxy, Kafka and PostgreSQL; the policy stub audits SELECTs ASYNC and the rest WRITE_AHEAD.
 */
class AsyncAuditedReadsIT extends PgListenerTest {

    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @BeforeEach
    void readsAsync() {
        POLICY.decide(request -> request.contains("SELECT") && !request.contains("INSERT")
                ? allow("reads-async", "{\"detectors\":[\"secrets\"]}").replace("\"WRITE_AHEAD\"", "\"ASYNC\"")
                : allow("writes-ahead", null));
    }

    @Test
    void anAsyncAuditedPreparedReadIsOneRecordPerRunWithItsRequestAndItsOutcome() throws SQLException {
        String label = "folded-" + Long.toString(System.nanoTime(), 36);
        try (Connection connection = connect(agentToken());
             PreparedStatement select = connection.prepareStatement("SELECT ?::text AS v, '" + label + "'")) {
            for (int run = 0; run < 7; run++) { // past pgjdbc's prepareThreshold: one named statement, Binds after
                select.setString(1, AWS_KEY);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                }
            }
        }
        List<JsonNode> events = sessionOf(label).stream()
                .filter(event -> event.path("operation").path("statement").asString().contains(label)).toList();

        assertThat(events).as("no REQUEST before an ASYNC read")
                .noneMatch(event -> event.path("kind").asString().equals("REQUEST"));
        List<JsonNode> responses = events.stream().filter(event -> event.path("kind").asString().equals("RESPONSE")).toList();
        assertThat(responses).as("one record per run").hasSize(7);
        for (JsonNode response : responses) {
            assertThat(response.path("verdict").asString()).isEqualTo("ALLOW");
            assertThat(response.path("ruleId").asString()).isEqualTo("reads-async");
            assertThat(response.path("leaseId").asString()).isEqualTo("lease-pg-1");
            assertThat(response.path("operation").path("attributes").path("folded").asString()).isEqualTo("true");
            assertThat(response.path("operation").path("attributes").path("rows").asString()).isEqualTo("1");
            assertThat(response.path("payload").asString()).as("the request's masked parameters")
                    .contains("aws-access-key").doesNotContain(AWS_KEY);
            assertThat(response.path("masking").path("aws-access-key").asInt())
                    .as("the parameter, and the same key in the result row").isEqualTo(2);
        }
        assertThat(audit.everything()).doesNotContain(AWS_KEY);
    }

    @Test
    void aWriteStillHasItsWriteAheadRequestBeforeItsResponse() throws SQLException {
        String label = "written-" + Long.toString(System.nanoTime(), 36);
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS async_it (note text)");
            statement.executeUpdate("INSERT INTO async_it VALUES ('" + label + "')");
        }
        List<JsonNode> statements = sessionOf(label).stream()
                .filter(event -> event.path("operation").path("statement").asString().contains(label)).toList();

        assertThat(statements).extracting(event -> event.path("kind").asString()).containsExactly("REQUEST", "RESPONSE");
        assertThat(statements.get(0).path("ruleId").asString()).isEqualTo("writes-ahead");
        assertThat(statements.get(1).path("operation").path("attributes").has("folded")).isFalse();
        assertThat(statements.get(1).path("seq").asLong()).isGreaterThan(statements.get(0).path("seq").asLong());
    }

    @Test
    void aFoldedReadWhoseClientLeftBeforeTheAnswerIsStillRecorded() throws Exception {
        String label = "cut-" + Long.toString(System.nanoTime(), 36);
        Connection connection = connect(agentToken());
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> catchThrowable(() ->
                connection.createStatement().executeQuery("SELECT pg_sleep(20), '" + label + "'")));
        try (Connection direct = direct()) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> running(direct, label, false));
            connection.abort(Runnable::run); // the client's socket closes while the database still runs it

            JsonNode response = AuditTopic.json(audit.await(event -> event.path("kind").asString().equals("RESPONSE")
                    && event.path("operation").path("statement").asString().contains(label)));
            assertThat(response.path("operation").path("attributes").path("folded").asString()).isEqualTo("true");
            assertThat(response.path("operation").path("attributes").path("unfinished").asString()).isEqualTo("true");
            assertThat(response.path("verdict").asString()).isEqualTo("ALLOW");
            running(direct, label, true);
        }
        assertThat(reader.get(20, TimeUnit.SECONDS)).as("the client saw its connection go").isNotNull();
    }

    /** Whether the statement carrying {@code label} runs in the database; ends it too when {@code end}. */
    private static boolean running(Connection direct, String label, boolean end) throws SQLException {
        try (ResultSet found = direct.createStatement().executeQuery("SELECT " + (end ? "pg_terminate_backend(pid)" : "pid")
                + " FROM pg_stat_activity WHERE query LIKE '%" + label + "%' AND query NOT LIKE '%pg_stat_activity%'")) {
            return found.next();
        }
    }

    /** Every event of the session whose statement carries {@code label}, in seq order, once the session ended. */
    private static List<JsonNode> sessionOf(String label) {
        String sessionId = AuditTopic.json(audit.await(event -> event.path("kind").asString().equals("RESPONSE")
                && event.path("operation").path("statement").asString().contains(label))).path("sessionId").asString();
        audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals("SESSION_ENDED"));
        List<JsonNode> events = new ArrayList<>();
        for (String line : audit.everything().split("\n")) {
            JsonNode event = JSON.readTree(line.substring(line.indexOf('=') + 1));
            if (event.path("sessionId").asString().equals(sessionId)) {
                events.add(event);
            }
        }
        events.sort(java.util.Comparator.comparingLong(event -> event.path("seq").asLong()));
        return events;
    }
}
