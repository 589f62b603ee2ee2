package dev.gatehouse.model;

import java.time.LocalDate;
import java.util.List;

/**
 * Body of {@code POST /api/v1/budgets/settlements}: what a granted call actually used, so each
 * counter gives back (or adds) the difference to what was reserved. Sent once when the call ends.
 */
public record BudgetSettlement(String owner, LocalDate day, List<Use> uses) {

    public record Use(String budget, long reserved, long actual) {
    }
}
