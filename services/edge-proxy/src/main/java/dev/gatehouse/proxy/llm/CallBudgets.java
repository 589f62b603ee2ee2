package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.CallerIdentity;
import org.springframework.stereotype.Component;

import java.util.StringJoiner;

/**
 * The budgets one call reserves against before it is sent: tokens per day and, when prices and a cost
 * budget are configured, USD per day (tokens × the model's price), both per owner (the values of
 * {@code gatehouse.proxy.llm.budget-by} claims). Both are settled to the reported usage afterwards.
 */
@Component
class CallBudgets {

    private final LlmProperties properties;
    private final TokenBudgets counters;
    private final double highestPrice;

    CallBudgets(LlmProperties properties, TokenBudgets counters) {
        this.properties = properties;
        this.counters = counters;
        this.highestPrice = properties.prices().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Both holds, or the one that refused (its budget named) after the other was released. */
    Hold reserve(CallerIdentity identity, String model, long tokens) {
        String owner = owner(identity);
        TokenBudgets.Reservation byTokens = counters.reserve(owner, tokens);
        if (!byTokens.granted()) {
            return new Hold("tokens-per-day:" + owner, byTokens, null, tokens);
        }
        double price = properties.prices().getOrDefault(model, highestPrice);
        long micros = properties.costPerDay() <= 0 ? 0 : (long) Math.ceil(tokens * price);
        TokenBudgets.Reservation byCost = counters.reserve("usd-micros", owner, micros,
                properties.costPerDay() <= 0 ? 0 : (long) (properties.costPerDay() * 1_000_000));
        if (!byCost.granted()) {
            byTokens.settle(0);
            return new Hold("cost-per-day:" + owner, byCost, null, micros);
        }
        return new Hold(null, byTokens, new CostHold(byCost, price), tokens);
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

    private record CostHold(TokenBudgets.Reservation reservation, double price) {
    }

    /** A call's holds; {@code refusedBy} names the budget that refused it, {@code null} when granted. */
    record Hold(String refusedBy, TokenBudgets.Reservation reservation, CostHold cost, long requested) {

        boolean granted() {
            return refusedBy == null;
        }

        void settle(long tokens) {
            reservation.settle(tokens);
            if (cost != null) {
                cost.reservation().settle((long) Math.ceil(tokens * cost.price()));
            }
        }
    }
}
