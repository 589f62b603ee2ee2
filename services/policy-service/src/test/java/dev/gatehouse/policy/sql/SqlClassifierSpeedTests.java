package dev.gatehouse.policy.sql;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Prints how long a classification takes; asserts nothing about time (machines differ). */
class SqlClassifierSpeedTests {

    private static final String TYPICAL = "SELECT a.id, a.email, o.total FROM accounts a JOIN orders o ON o.account_id = a.id "
            + "WHERE a.id = $1 AND o.created_at > now() - interval '7 days' ORDER BY o.created_at DESC LIMIT 20";

    @Test
    void measuresATypicalSelect() {
        // Given a classifier, warmed up
        SqlClassifier classifier = new SqlClassifier();
        for (int i = 0; i < 2_000; i++) {
            classifier.classify(TYPICAL.replace("20", Integer.toString(i)));
        }

        // When the same statement shape repeats (cache hit), and when every statement is new (full parse)
        int runs = 20_000;
        long cached = time(runs, i -> classifier.classify(TYPICAL));
        long uncached = time(2_000, i -> new SqlClassifier(SqlClassifier.DEFAULT_MAX_INPUT_CHARS,
                SqlClassifier.DEFAULT_MAX_PARSED_CHARS, Duration.ofSeconds(1))
                .classify(TYPICAL.replace("a.email", "a.email" + i)));

        System.out.printf("SqlClassifier, typical SELECT: %.1f us cached, %.1f us parsed%n",
                cached / 1_000.0 / runs, uncached / 1_000.0 / 2_000);
        // Then the result is still right
        assertThat(classifier.classify(TYPICAL).statements().getFirst().tables()).containsExactly("accounts", "orders");
    }

    private static long time(int runs, java.util.function.IntConsumer body) {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            body.accept(i);
        }
        return System.nanoTime() - start;
    }
}
