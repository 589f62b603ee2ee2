package dev.gatehouse.policy.budget;

import dev.gatehouse.model.BudgetReservation;
import dev.gatehouse.model.BudgetReservation.Hold;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The shared spending counters on real PostgreSQL: holds within the limit are granted and the one that
 * would pass it is refused naming the budget; holds are all or none; a settlement gives back what a
 * call did not use; many concurrent holds never overspend; only the proxy may spend.
 */
class BudgetApiIT extends PolicyServiceIT {

    @Autowired
    BudgetLedger ledger;

    private static String reservation(String owner, long tokens, long tokenLimit, long micros, long costLimit) {
        return """
                {"owner":"%s","holds":[{"budget":"tokens-per-day","amount":%d,"limit":%d},
                                       {"budget":"cost-per-day","amount":%d,"limit":%d}]}"""
                .formatted(owner, tokens, tokenLimit, micros, costLimit);
    }

    private static String settlement(String owner, LocalDate day, long reserved, long actual) {
        return """
                {"owner":"%s","day":"%s","uses":[{"budget":"tokens-per-day","reserved":%d,"actual":%d}]}"""
                .formatted(owner, day, reserved, actual);
    }

    @Test
    void aHoldThatWouldPassTheLimitIsRefusedNamingTheBudgetAndASettlementGivesBackTheUnusedPart() throws Exception {
        String owner = "acme/settle-" + Long.toString(System.nanoTime(), 36);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 600, 1000, 1, 1_000_000))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.granted").value(true))
                .andExpect(jsonPath("$.day").value(today.toString()));

        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 600, 1000, 1, 1_000_000))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.granted").value(false))
                .andExpect(jsonPath("$.refusedBy").value("tokens-per-day"))
                .andExpect(jsonPath("$.used").value(600))
                .andExpect(jsonPath("$.limit").value(1000));

        perform(post("/api/v1/budgets/settlements"), PROXY, settlement(owner, today, 600, 150))
                .andExpect(status().isNoContent());

        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 600, 1000, 1, 1_000_000))
                .andExpect(jsonPath("$.granted").value(true));
    }

    @Test
    void holdsAreAllOrNoneSoACostRefusalLeavesTheTokenCounterAsItWas() throws Exception {
        String owner = "acme/atomic-" + Long.toString(System.nanoTime(), 36);
        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 100, 1000, 900, 1000))
                .andExpect(jsonPath("$.granted").value(true));

        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 100, 1000, 200, 1000))
                .andExpect(jsonPath("$.granted").value(false))
                .andExpect(jsonPath("$.refusedBy").value("cost-per-day"))
                .andExpect(jsonPath("$.used").value(900));

        // 900 more tokens fit exactly only if the refused call's 100 were rolled back with it.
        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 900, 1000, 0, 1000))
                .andExpect(jsonPath("$.granted").value(true));
        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 1, 1000, 0, 1000))
                .andExpect(jsonPath("$.granted").value(false));
    }

    @Test
    void aSingleCallLargerThanTheWholeBudgetIsRefusedWithoutSpendingAnything() throws Exception {
        String owner = "acme/huge-" + Long.toString(System.nanoTime(), 36);
        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 5000, 1000, 0, 1000))
                .andExpect(jsonPath("$.granted").value(false))
                .andExpect(jsonPath("$.used").value(0));
        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 1000, 1000, 0, 1000))
                .andExpect(jsonPath("$.granted").value(true));
    }

    @Test
    void concurrentHoldsFromManyCallersNeverSpendPastTheLimit() throws Exception {
        String owner = "acme/race-" + Long.toString(System.nanoTime(), 36);
        BudgetReservation ten = new BudgetReservation(owner, List.of(new Hold("tokens-per-day", 10, 100)));
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            calls.add(() -> ledger.reserve(ten).granted());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long granted;
        try {
            granted = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                granted += result.get() ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(granted).as("64 holds of 10 against 100").isEqualTo(10);
        BudgetReservation.Grant refused = ledger.reserve(ten);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.used()).isEqualTo(100);
    }

    @Test
    void aSettlementNeverTakesACounterBelowZero() throws Exception {
        String owner = "acme/negative-" + Long.toString(System.nanoTime(), 36);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 10, 100, 0, 100));
        perform(post("/api/v1/budgets/settlements"), PROXY, settlement(owner, today, 10_000, 0))
                .andExpect(status().isNoContent());

        perform(post("/api/v1/budgets/reservations"), PROXY, reservation(owner, 101, 100, 0, 100))
                .andExpect(jsonPath("$.granted").value(false))
                .andExpect(jsonPath("$.used").value(0));
    }

    @Test
    void badReservationsAreProblemsNamingTheField() throws Exception {
        perform(post("/api/v1/budgets/reservations"), PROXY, "{\"holds\":[{\"budget\":\"tokens-per-day\",\"amount\":1,\"limit\":2}]}")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("owner:")));
        perform(post("/api/v1/budgets/reservations"), PROXY, "{\"owner\":\"a\",\"holds\":[{\"budget\":\"Tokens; DROP\",\"amount\":1,\"limit\":2}]}")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("holds[0].budget:")));
        perform(post("/api/v1/budgets/reservations"), PROXY, "{\"owner\":\"a\",\"holds\":[{\"budget\":\"t\",\"amount\":-5,\"limit\":2}]}")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()));
        perform(post("/api/v1/budgets/reservations"), PROXY, "{\"owner\":\"a\",\"holds\":[]}")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()));
        perform(post("/api/v1/budgets/settlements"), PROXY, "{\"owner\":\"a\",\"uses\":[{\"budget\":\"t\",\"reserved\":1,\"actual\":0}]}")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("day:")));
    }

    @Test
    void onlyTheProxySpendsOrSettles() throws Exception {
        // A CI agent's token (other issuer) and a reviewer's internal token: neither may touch the counters.
        perform(post("/api/v1/budgets/reservations"), AGENT, reservation("acme/app", 1, 10, 0, 10))
                .andExpect(status().isUnauthorized());
        perform(post("/api/v1/budgets/settlements"), REVIEWER, settlement("acme/app", LocalDate.now(ZoneOffset.UTC), 1_000, 0))
                .andExpect(status().isForbidden());
        perform(post("/api/v1/budgets/reservations"), null, reservation("acme/app", 1, 10, 0, 10))
                .andExpect(status().isUnauthorized());
    }
}
