package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens and cost per owner per day: reserved before the call, the refusing budget named. */
class CallBudgetsTests {

    private static final CallerIdentity BUILD = new CallerIdentity("https://ci", "repo:acme/app",
            Map.of("repository", "acme/app", "workflow", "build.yml"));
    private static final CallerIdentity DEPLOY = new CallerIdentity("https://ci", "repo:acme/app",
            Map.of("repository", "acme/app", "workflow", "deploy.yml"));

    @Test
    void aCostBudgetRefusesWhatTokensTimesThePriceWouldPassAndReleasesTheTokenHold() {
        // $1 and 2M tokens a day; gpt-4o-mini at $0.60 and gpt-4o at $10 per million tokens
        CallBudgets budgets = budgets(2_000_000, 1.0, Map.of("gpt-4o-mini", 0.60, "gpt-4o", 10.0, "free", 0.0), List.of());

        assertThat(budgets.reserve(BUILD, "gpt-4o-mini", 1_000_000).granted()).as("$0.60").isTrue();
        CallBudgets.Hold refused = budgets.reserve(BUILD, "gpt-4o", 50_000);
        assertThat(refused.granted()).as("$0.60 + $0.50 > $1").isFalse();
        assertThat(refused.refusedBy()).isEqualTo("cost-per-day:acme/app");
        assertThat(budgets.reserve(BUILD, "free", 1_000_000).granted())
                .as("the refused call's 50k tokens were given back").isTrue();
    }

    @Test
    void settlingChargesTheUsedTokensAtTheReservedPrice() {
        CallBudgets budgets = budgets(0, 1.0, Map.of("gpt-4o", 10.0), List.of());

        CallBudgets.Hold hold = budgets.reserve(BUILD, "gpt-4o", 90_000);
        assertThat(budgets.reserve(BUILD, "gpt-4o", 20_000).granted()).as("$0.90 held").isFalse();
        hold.settle(10_000);
        assertThat(budgets.reserve(BUILD, "gpt-4o", 80_000).granted()).as("$0.10 used, $0.80 more fit").isTrue();
    }

    @Test
    void aModelWithoutAPriceCostsTheHighestPrice() {
        CallBudgets budgets = budgets(0, 1.0, Map.of("cheap", 0.10, "dear", 20.0), List.of());

        assertThat(budgets.reserve(BUILD, "unlisted-model", 60_000).granted()).as("60k × $20/M = $1.20").isFalse();
    }

    @Test
    void budgetsBelongToTheNamedClaimsOwner() {
        CallBudgets budgets = budgets(100, 0, Map.of(), List.of("repository", "workflow"));

        CallBudgets.Hold build = budgets.reserve(BUILD, "m", 100);
        assertThat(build.granted()).isTrue();
        CallBudgets.Hold again = budgets.reserve(BUILD, "m", 1);
        assertThat(again.refusedBy()).isEqualTo("tokens-per-day:acme/app/build.yml");
        assertThat(budgets.reserve(DEPLOY, "m", 100).granted()).as("another workflow's budget").isTrue();
    }

    private static CallBudgets budgets(long tokensPerDay, double costPerDay, Map<String, Double> prices,
                                       List<String> budgetBy) {
        LlmProperties properties = new LlmProperties(null, null, tokensPerDay, Map.of(), costPerDay, prices, budgetBy);
        return new CallBudgets(properties, new TokenBudgets(properties));
    }
}
