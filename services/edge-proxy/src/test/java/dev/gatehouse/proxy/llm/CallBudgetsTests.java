package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.BudgetReservation;
import dev.gatehouse.model.BudgetSettlement;
import dev.gatehouse.model.CallerIdentity;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one call holds and settles: tokens and micro-USD per owner, the refusing budget named. The shared
 * counters themselves are policy-service's (BudgetApiIT there); this store only records what it is sent.
 */
class CallBudgetsTests {

    private static final CallerIdentity BUILD = new CallerIdentity("https://ci", "repo:acme/app",
            Map.of("repository", "acme/app", "workflow", "build.yml"));
    private static final CallerIdentity NO_WORKFLOW = new CallerIdentity("https://ci", "repo:acme/tool",
            Map.of("repository", "acme/tool"));
    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    private final RecordingStore store = new RecordingStore();

    @Test
    void aCallHoldsItsTokensAndTheirCostAtTheModelsPrice() {
        // $1 and 2M tokens a day; gpt-4o at $10 per million tokens
        CallBudgets budgets = budgets(2_000_000, Map.of(), 1.0, Map.of("gpt-4o-mini", 0.60, "gpt-4o", 10.0), List.of());

        CallBudgets.Hold hold = budgets.reserve(BUILD, "gpt-4o", 50_000).block();

        assertThat(hold.granted()).isTrue();
        BudgetReservation sent = store.reservations.getFirst();
        assertThat(sent.owner()).isEqualTo("acme/app");
        assertThat(sent.holds()).containsExactly(new BudgetReservation.Hold("tokens-per-day", 50_000, 2_000_000),
                new BudgetReservation.Hold("cost-per-day", 500_000, 1_000_000));
    }

    @Test
    void aModelWithoutAPriceCostsTheHighestPrice() {
        CallBudgets budgets = budgets(0, Map.of(), 1.0, Map.of("cheap", 0.10, "dear", 20.0), List.of());

        budgets.reserve(BUILD, "unlisted-model", 60_000).block();

        assertThat(store.reservations.getFirst().holds()).as("60k × $20/M = $1.20, in micro-USD")
                .containsExactly(new BudgetReservation.Hold("cost-per-day", 1_200_000, 1_000_000));
    }

    @Test
    void aRefusalNamesTheBudgetItsOwnerAndWhatWasAsked() {
        store.answer = reservation -> new BudgetReservation.Grant(false, DAY, "cost-per-day", 900_000, 1_000_000);
        CallBudgets budgets = budgets(2_000_000, Map.of(), 1.0, Map.of("gpt-4o", 10.0), List.of());

        CallBudgets.Hold hold = budgets.reserve(BUILD, "gpt-4o", 50_000).block();
        hold.settle(10);

        assertThat(hold.granted()).isFalse();
        assertThat(hold.refusedBy()).isEqualTo("cost-per-day:acme/app");
        assertThat(hold.requested()).isEqualTo(500_000);
        assertThat(hold.used()).isEqualTo(900_000);
        assertThat(store.settlements).as("a refused call settles nothing").isEmpty();
    }

    @Test
    void settlingSendsTheUsedTokensAndTheirCostOnce() {
        CallBudgets budgets = budgets(100_000, Map.of(), 1.0, Map.of("gpt-4o", 10.0), List.of());
        CallBudgets.Hold hold = budgets.reserve(BUILD, "gpt-4o", 90_000).block();

        hold.settle(10_000);
        hold.settle(10_000);

        assertThat(store.settlements).hasSize(1);
        BudgetSettlement settlement = store.settlements.getFirst();
        assertThat(settlement.day()).as("the day the holds were granted on").isEqualTo(DAY);
        assertThat(settlement.uses()).containsExactly(new BudgetSettlement.Use("tokens-per-day", 90_000, 10_000),
                new BudgetSettlement.Use("cost-per-day", 900_000, 100_000));
    }

    @Test
    void budgetsBelongToTheNamedClaimsOwnerAndAnOwnerOverrideWins() {
        CallBudgets budgets = budgets(100, Map.of("acme/app/build.yml", 5_000L), 0, Map.of(), List.of("repository", "workflow"));

        budgets.reserve(BUILD, "m", 10).block();
        budgets.reserve(NO_WORKFLOW, "m", 10).block();

        assertThat(store.reservations).extracting(BudgetReservation::owner)
                .as("a caller without one of the claims spends under its subject")
                .containsExactly("acme/app/build.yml", "repo:acme/tool");
        assertThat(store.reservations.getFirst().holds().getFirst().limit()).isEqualTo(5_000);
        assertThat(store.reservations.get(1).holds().getFirst().limit()).isEqualTo(100);
    }

    @Test
    void withoutABudgetNothingIsAskedAndTheCallIsGranted() {
        CallBudgets budgets = budgets(0, Map.of(), 0, Map.of(), List.of());

        CallBudgets.Hold hold = budgets.reserve(BUILD, "m", 1_000_000).block();
        hold.settle(5);

        assertThat(hold.granted()).isTrue();
        assertThat(store.reservations).isEmpty();
        assertThat(store.settlements).isEmpty();
    }

    private CallBudgets budgets(long tokensPerDay, Map<String, Long> overrides, double costPerDay,
                                Map<String, Double> prices, List<String> budgetBy) {
        return new CallBudgets(new LlmProperties(null, null, tokensPerDay, overrides, costPerDay, prices, budgetBy), store);
    }

    private static final class RecordingStore implements BudgetStore {
        final List<BudgetReservation> reservations = new ArrayList<>();
        final List<BudgetSettlement> settlements = new ArrayList<>();
        Function<BudgetReservation, BudgetReservation.Grant> answer =
                reservation -> new BudgetReservation.Grant(true, DAY, null, 0, 0);

        @Override
        public Mono<BudgetReservation.Grant> reserve(BudgetReservation reservation) {
            reservations.add(reservation);
            return Mono.just(answer.apply(reservation));
        }

        @Override
        public Mono<Void> settle(BudgetSettlement settlement) {
            settlements.add(settlement);
            return Mono.empty();
        }
    }
}
