package dev.gatehouse.proxy.llm;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token budgets per repository per UTC day, enforced before a call: a call reserves the most it can use
 * (its prompt's estimate plus its {@code max_tokens}) and is refused when that would pass the budget;
 * when it ends the reservation is settled to the usage the provider reported. Known limitation: the
 * state is this replica's memory, so N replicas allow up to N budgets, and a restart forgets the day.
 */
@Component
class TokenBudgets {

    private final LlmProperties properties;
    private final Clock clock;
    private final ConcurrentMap<String, AtomicLong> used = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    TokenBudgets(LlmProperties properties) {
        this(properties, Clock.systemUTC());
    }

    TokenBudgets(LlmProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** A reservation of tokens, or a refusal; no budget configured reserves nothing. */
    Reservation reserve(String repository, long tokens) {
        return reserve("tokens", repository, tokens, properties.budgets().getOrDefault(repository, properties.tokensPerDay()));
    }

    /** A reservation of {@code amount} against {@code limit} per day in the counter {@code kind} of {@code owner}. */
    Reservation reserve(String kind, String owner, long amount, long limit) {
        String key = kind + '\u0000' + owner + '\u0000' + LocalDate.now(clock.withZone(ZoneOffset.UTC));
        long tokens = amount;
        if (limit <= 0) {
            return new Reservation(null, 0, limit, 0, true);
        }
        if (used.size() > 10_000) {
            used.keySet().removeIf(k -> !k.endsWith(key.substring(key.lastIndexOf('\u0000'))));
        }
        AtomicLong counter = used.computeIfAbsent(key, k -> new AtomicLong());
        while (true) {
            long current = counter.get();
            if (current + tokens > limit) {
                return new Reservation(null, 0, limit, current, false);
            }
            if (counter.compareAndSet(current, current + tokens)) {
                return new Reservation(counter, tokens, limit, current + tokens, true);
            }
        }
    }

    /** A call's hold on a budget; {@link #settle} once with what it used. */
    static final class Reservation {
        private final AtomicLong counter;
        private final long tokens;
        private final long limit;
        private final long used;
        private final boolean granted;
        private boolean settled;

        Reservation(AtomicLong counter, long tokens, long limit, long used, boolean granted) {
            this.counter = counter;
            this.tokens = tokens;
            this.limit = limit;
            this.used = used;
            this.granted = granted;
        }

        boolean granted() {
            return granted;
        }

        long limit() {
            return limit;
        }

        long used() {
            return used;
        }

        synchronized void settle(long actual) {
            if (counter != null && !settled) {
                settled = true;
                counter.addAndGet(actual - tokens);
            }
        }
    }
}
