package dev.gatehouse.approval.request;

import dev.gatehouse.approval.ApprovalServiceTestBase;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ApprovalVote;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Protocol;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The JPA mapping of the approval aggregate, on the service's real (Flyway-migrated) PostgreSQL schema. */
class ApprovalStoreIT extends ApprovalServiceTestBase {

    // Threads of their own: the common pool may have one worker on a small machine, which would run
    // the second transaction only after the first, lock or no lock.
    private static final ExecutorService TWO_THREADS = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());

    @Autowired
    private ApprovalStore store;

    @Autowired
    private TransactionOperations transactions;

    @Autowired
    private DataSource dataSource;

    @Test
    void theJsonbColumnsRoundTripAndAreStoredAsJsonNotAsText() throws Exception {
        Map<String, Object> claims = Map.of("repository", "acme/app", "run_id", "4711", "run_attempt", 2,
                "groups", List.of("deployers", "ci"));
        StoredApproval approval = approval(new CallerIdentity("https://idp", "repo:acme/app", claims),
                "{\"protocol\":\"HTTP\",\"method\":\"DELETE\",\"path\":\"/orders/7\"}", List.of("pager", "slack"));

        transactions.executeWithoutResult(status -> store.insert(approval));
        StoredApproval read = store.find(approval.id()).orElseThrow();

        assertThat(read.identity()).isEqualTo(approval.identity());
        assertThat(read.channels()).containsExactly("pager", "slack");
        assertThat(JSON.readTree(read.operation())).isEqualTo(JSON.readTree(approval.operation()));
        assertThat(read).usingRecursiveComparison().ignoringFields("operation").isEqualTo(approval);
        try (Connection db = jdbc(); var query = db.prepareStatement("""
                SELECT jsonb_typeof(requester_claims), requester_claims ->> 'run_id', requester_claims -> 'run_attempt',
                       jsonb_typeof(operation), operation ->> 'method', jsonb_typeof(channels), channels ->> 1
                FROM approval_requests WHERE id = ?""")) {
            query.setObject(1, approval.id());
            ResultSet row = query.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                    row.getString(6), row.getString(7)))
                    .as("jsonb values a SQL query can look into, not JSON strings")
                    .containsExactly("object", "4711", "2", "object", "DELETE", "array", "slack");
        }
    }

    @Test
    void votesAreAddedThroughTheirRequestAndReadBackInOrder() {
        StoredApproval approval = approval(AGENT, null, List.of());
        transactions.executeWithoutResult(status -> store.insert(approval));
        Instant at = Instant.parse("2026-05-01T10:00:00Z");

        transactions.executeWithoutResult(status -> {
            store.lock(approval.id()).orElseThrow();
            store.insertVote(approval.id(), new ApprovalVote("https://idp", "ray", ApprovalStatus.APPROVED, null,
                    at.plusSeconds(1)));
            store.insertVote(approval.id(), new ApprovalVote("https://idp", "rita", ApprovalStatus.APPROVED, "ok", at));
        });

        assertThat(store.find(approval.id()).orElseThrow().votes()).extracting(ApprovalVote::reviewerSubject)
                .containsExactly("rita", "ray");
        assertThat(store.list(new ApprovalQuery(List.of(ApprovalStatus.PENDING), approval.connection(),
                approval.identity().subject(), true, 500))).filteredOn(a -> a.id().equals(approval.id()))
                .singleElement().satisfies(listed -> assertThat(listed.votes()).hasSize(2));
    }

    @Test
    void theLockMakesASecondTransactionWaitAndThenSeeTheFirstOnesVote() throws Exception {
        StoredApproval approval = approval(AGENT, null, List.of());
        transactions.executeWithoutResult(status -> store.insert(approval));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            store.lock(approval.id()).orElseThrow();
            store.insertVote(approval.id(), new ApprovalVote("https://idp", "rita", ApprovalStatus.APPROVED, null,
                    Instant.now()));
            locked.countDown();
            await(release);
        }), TWO_THREADS);
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<ApprovalVote>> second = CompletableFuture.supplyAsync(() -> transactions.execute(
                status -> store.lock(approval.id()).orElseThrow().votes()), TWO_THREADS);

        awaitATransactionWaitingOnALock();
        assertThat(second).as("the second transaction waits for the row lock").isNotDone();
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).as("and then sees the vote the first one committed")
                .extracting(ApprovalVote::reviewerSubject).containsExactly("rita");
    }

    private static StoredApproval approval(CallerIdentity identity, String operation, List<String> channels) {
        Instant now = ApprovalViews.now();
        return new StoredApproval(UUID.randomUUID(), ApprovalStatus.PENDING, "session-" + UUID.randomUUID(), identity,
                "store-it-db", Protocol.HTTP, operation, "DELETE /orders/7", "fp-" + UUID.randomUUID(), "rule-1", 3L,
                "gatehouse-reviewer", 2, Duration.ofMinutes(5), channels, now, now.plus(Duration.ofHours(1)), null,
                null, null, 4, List.of());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until PostgreSQL shows a session of this database waiting on a lock: the second transaction is blocked. */
    private void awaitATransactionWaitingOnALock() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND datname = current_database()").query(Integer.class).single() > 0);
    }
}
