package dev.gatehouse.vault.secret;

import dev.gatehouse.vault.VaultApiIntegration;
import dev.gatehouse.vault.crypto.SealedSecret;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The JPA mapping of {@code secrets} on the service's real (Flyway-migrated) PostgreSQL schema. */
class SecretStoreIT extends VaultApiIntegration {

    private static final SecureRandom RANDOM = new SecureRandom();

    // Threads of their own: the common pool may have one worker on a small machine, which would run
    // the second transaction only after the first, lock or no lock.
    private static final ExecutorService TWO_THREADS = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());

    @Autowired
    private SecretStore store;

    @Autowired
    private TransactionOperations transactions;

    @Autowired
    private DataSource dataSource;

    @Test
    void sealedBytesAndVerbatimSettingsRoundTripAndAReplaceKeepsTheCreationTime() {
        String connection = "store-it-" + UUID.randomUUID();
        // Spacing and key order as the admin sent them: the settings are bound to the ciphertext verbatim.
        String settings = "{ \"header\" :\"X-Api-Key\"}";
        SealedSecret sealed = sealed("kek-2");
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);

        transactions.executeWithoutResult(status -> store.save(connection, SecretType.HEADER, null, settings, sealed,
                created));
        StoredSecret read = store.find(connection).orElseThrow();

        assertThat(read.type()).isEqualTo(SecretType.HEADER);
        assertThat(read.settingsJson()).isEqualTo(settings);
        assertThat(read.settings().header()).isEqualTo("X-Api-Key");
        assertThat(read.sealed()).usingRecursiveComparison().isEqualTo(sealed);
        assertThat(read.createdAt()).isEqualTo(created).isEqualTo(read.updatedAt());

        SealedSecret replacement = sealed("kek-2");
        transactions.executeWithoutResult(status -> {
            store.findForUpdate(connection).orElseThrow();
            store.save(connection, SecretType.BASIC, "svc", null, replacement, created.plusSeconds(60));
        });
        StoredSecret replaced = store.find(connection).orElseThrow();
        assertThat(replaced.username()).isEqualTo("svc");
        assertThat(replaced.settingsJson()).isNull();
        assertThat(replaced.sealed()).usingRecursiveComparison().isEqualTo(replacement);
        assertThat(replaced.createdAt()).isEqualTo(created);
        assertThat(replaced.updatedAt()).isEqualTo(created.plusSeconds(60));
    }

    @Test
    void aRewrapChangesOnlyTheSealedColumns() {
        String connection = "store-it-" + UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
        transactions.executeWithoutResult(status -> store.save(connection, SecretType.BEARER, null, null,
                sealed("kek-1"), created));
        SealedSecret rewrapped = sealed("kek-2");

        transactions.executeWithoutResult(status -> {
            assertThat(store.lockNotWrappedBy("kek-2", SealedSecret.CURRENT_FORMAT, "store-it-", 1000))
                    .extracting(StoredSecret::connection).contains(connection);
            store.replaceSealed(connection, rewrapped);
        });

        StoredSecret read = store.find(connection).orElseThrow();
        assertThat(read.sealed()).usingRecursiveComparison().isEqualTo(rewrapped);
        assertThat(read.updatedAt()).as("the secret itself did not change").isEqualTo(created);
        assertThat(store.countByKeyId()).containsKey("kek-2");
    }

    @Test
    void aLockedSecretMakesASecondTransactionWait() throws Exception {
        String connection = "store-it-" + UUID.randomUUID();
        transactions.executeWithoutResult(status -> store.save(connection, SecretType.BEARER, null, null,
                sealed("kek-2"), Instant.now()));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SealedSecret rewrapped = sealed("kek-2");

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            store.findForUpdate(connection).orElseThrow();
            store.replaceSealed(connection, rewrapped);
            locked.countDown();
            await(release);
        }), TWO_THREADS);
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<StoredSecret> second = CompletableFuture.supplyAsync(() -> transactions.execute(
                status -> store.findForUpdate(connection).orElseThrow()), TWO_THREADS);

        awaitATransactionWaitingOnALock();
        assertThat(second).as("the second transaction waits for the row lock").isNotDone();
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS).sealed()).as("and then reads what the first one committed")
                .usingRecursiveComparison().isEqualTo(rewrapped);
    }

    private static SealedSecret sealed(String keyId) {
        return new SealedSecret(bytes(40), bytes(12), bytes(48), bytes(12), keyId, SealedSecret.CURRENT_FORMAT);
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
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
