package dev.gatehouse.model;

import java.time.LocalDate;
import java.util.List;

/**
 * Body of {@code POST /api/v1/budgets/reservations} (policy-service): the holds one model call takes
 * before it is sent, all or none, against its owner's counters for the current UTC day. The counters
 * live in policy-service's database, so every proxy replica spends from the same budget.
 *
 * @param owner who spends (the values of the proxy's {@code budget-by} claims, e.g. {@code acme/app})
 * @param holds one per budget, e.g. {@code tokens-per-day} and {@code cost-per-day}
 */
public record BudgetReservation(String owner, List<Hold> holds) {

    /**
     * @param budget the counter's name
     * @param amount what the call may use at most (tokens, or micro-USD)
     * @param limit  the counter's ceiling for the day, as the proxy is configured
     */
    public record Hold(String budget, long amount, long limit) {
    }

    /**
     * The answer: granted on {@code day} (a settlement names it, so a call that crosses midnight settles
     * the day it spent from), or refused by the first budget that would pass its limit, with that
     * budget's use so far.
     */
    public record Grant(boolean granted, LocalDate day, String refusedBy, long used, long limit) {
    }
}
