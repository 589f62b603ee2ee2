package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.BudgetReservation;
import dev.gatehouse.model.BudgetSettlement;
import dev.gatehouse.model.CallerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The budgets one call holds before it is sent: tokens per day and, when prices and a cost budget are
 * configured, USD per day (tokens × the model's price, counted in micro-USD), both per owner (the values
 * of the {@code gatehouse.proxy.llm.budget-by} claims), both in the shared {@link BudgetStore} so every
 * replica spends from the same counters. The holds are settled to the reported usage afterwards.
 */
@Component
class CallBudgets {

    static final String TOKENS = "tokens-per-day";
    static final String COST = "cost-per-day";

    private static final Logger log = LoggerFactory.getLogger(CallBudgets.class);

    private final LlmProperties properties;
    private final BudgetStore store;
    private final double highestPrice;

    CallBudgets(LlmProperties properties, BudgetStore store) {
        this.properties = properties;
        this.store = store;
        this.highestPrice = properties.prices().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The call's holds, or the budget that refused them; no configured budget asks nobody. */
    Mono<Hold> reserve(CallerIdentity identity, String model, long tokens) {
        String owner = owner(identity);
        long tokenLimit = properties.budgets().getOrDefault(owner, properties.tokensPerDay());
        // A model without a listed price costs the dearest one: a cost budget never under-counts.
        double price = properties.prices().getOrDefault(model, highestPrice);
        List<BudgetReservation.Hold> holds = new ArrayList<>(2);
        if (tokenLimit > 0) {
            holds.add(new BudgetReservation.Hold(TOKENS, tokens, tokenLimit));
        }
        if (properties.costPerDay() > 0) {
            holds.add(new BudgetReservation.Hold(COST, micros(tokens, price), (long) (properties.costPerDay() * 1_000_000)));
        }
        if (holds.isEmpty()) {
            return Mono.just(new Hold(owner, null, List.of(), price));
        }
        return store.reserve(new BudgetReservation(owner, List.copyOf(holds)))
                .map(grant -> new Hold(owner, grant, List.copyOf(holds), price));
    }

    private String owner(CallerIdentity identity) {
        StringJoiner owner = new StringJoiner("/");
        for (String claim : properties.budgetBy()) {
            Object value = identity.claims().get(claim);
            if (value == null) {
                return identity.subject();
            }
            owner.add(value.toString());
        }
        return owner.toString();
    }

    private static long micros(long tokens, double pricePerMillion) {
        return (long) Math.ceil(tokens * pricePerMillion);
    }

    /** A call's holds (none when no budget applies); settled once, when the call ends. */
    final class Hold {
        private final String owner;
        private final BudgetReservation.Grant grant;
        private final List<BudgetReservation.Hold> holds;
        private final double price;
        private final AtomicBoolean settled = new AtomicBoolean();

        private Hold(String owner, BudgetReservation.Grant grant, List<BudgetReservation.Hold> holds, double price) {
            this.owner = owner;
            this.grant = grant;
            this.holds = holds;
            this.price = price;
        }

        boolean granted() {
            return grant == null || grant.granted();
        }

        /** The refusing budget and its owner, e.g. {@code tokens-per-day:acme/app}; null when granted. */
        String refusedBy() {
            return granted() ? null : grant.refusedBy() + ':' + owner;
        }

        long limit() {
            return grant == null ? 0 : grant.limit();
        }

        long used() {
            return grant == null ? 0 : grant.used();
        }

        /** What the refusing budget was asked for. */
        long requested() {
            return holds.stream().filter(hold -> !granted() && hold.budget().equals(grant.refusedBy()))
                    .mapToLong(BudgetReservation.Hold::amount).findFirst().orElse(0);
        }

        /** Sends what the call used, once; the answer is not awaited (the caller has its answer already). */
        void settle(long tokens) {
            if (!granted() || holds.isEmpty() || !settled.compareAndSet(false, true)) {
                return;
            }
            List<BudgetSettlement.Use> uses = holds.stream().map(hold -> new BudgetSettlement.Use(hold.budget(),
                    hold.amount(), hold.budget().equals(COST) ? micros(tokens, price) : tokens)).toList();
            store.settle(new BudgetSettlement(owner, grant.day(), uses)).subscribe(null, error ->
                    log.warn("a settlement of budget owner {} was lost, its whole reservation stays counted: {}",
                            owner, error.getClass().getSimpleName()));
        }
    }
}
