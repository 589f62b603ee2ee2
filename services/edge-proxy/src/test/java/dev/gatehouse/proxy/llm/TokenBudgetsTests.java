package dev.gatehouse.proxy.llm;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reserved before the call, settled after, never more than the budget granted at once. */
class TokenBudgetsTests {

    private static final Clock DAY_ONE = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aCallThatWouldPassTheBudgetIsRefusedAndSettlingFreesWhatWasNotUsed() {
        TokenBudgets budgets = new TokenBudgets(properties(1000, Map.of()), DAY_ONE);

        TokenBudgets.Reservation first = budgets.reserve("acme/app", 800);
        assertThat(first.granted()).isTrue();
        assertThat(budgets.reserve("acme/app", 300).granted()).as("800 + 300 > 1000").isFalse();
        first.settle(150);
        first.settle(0); // settling twice changes nothing
        assertThat(budgets.reserve("acme/app", 800).granted()).as("150 used, 800 more fit").isTrue();
        assertThat(budgets.reserve("acme/other", 1000).granted()).as("per repository").isTrue();
    }

    @Test
    void aRepositoryOverrideWinsAndNoBudgetReservesNothing() {
        TokenBudgets budgets = new TokenBudgets(properties(0, Map.of("acme/small", 10L)), DAY_ONE);

        assertThat(budgets.reserve("acme/small", 11).granted()).isFalse();
        assertThat(budgets.reserve("acme/any", Long.MAX_VALUE / 2).granted()).isTrue();
    }

    @Test
    void concurrentCallsNeverReserveMoreThanTheBudget() throws Exception {
        TokenBudgets budgets = new TokenBudgets(properties(10_000, Map.of()), DAY_ONE);
        AtomicInteger granted = new AtomicInteger();
        List<Future<?>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 400; i++) {
                calls.add(pool.submit(() -> {
                    if (budgets.reserve("acme/app", 100).granted()) {
                        granted.incrementAndGet();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        assertThat(granted.get()).isEqualTo(100);
    }

    @Test
    void aNewUtcDayStartsAFreshBudget() {
        Instant[] now = {Instant.parse("2026-12-06T23:59:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        TokenBudgets budgets = new TokenBudgets(properties(100, Map.of()), clock);
        assertThat(budgets.reserve("acme/app", 100).granted()).isTrue();
        assertThat(budgets.reserve("acme/app", 1).granted()).isFalse();

        now[0] = Instant.parse("2026-12-07T00:01:00Z");
        assertThat(budgets.reserve("acme/app", 100).granted()).isTrue();
    }

    private static LlmProperties properties(long tokensPerDay, Map<String, Long> budgets) {
        return new LlmProperties(null, null, tokensPerDay, budgets, 0, null, null);
    }
}
