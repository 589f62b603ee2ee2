package dev.gatehouse.policy.budget;

import dev.gatehouse.model.BudgetReservation;
import dev.gatehouse.model.BudgetSettlement;
import dev.gatehouse.policy.common.InvalidField;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The spending counters every proxy replica shares (docs/architecture.md §3.11): a model call holds its
 * maximum before it is sent and settles to its reported usage after. A refusal is an answer (200,
 * {@code granted: false}), not an error: the proxy turns it into the caller's 429.
 */
@RestController
@PreAuthorize("hasAuthority('gatehouse-proxy')")
class BudgetController {

    private static final Pattern BUDGET = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final int MAX_OWNER = 512;
    private static final int MAX_HOLDS = 8;

    private final BudgetLedger ledger;

    BudgetController(BudgetLedger ledger) {
        this.ledger = ledger;
    }

    @PostMapping("/api/v1/budgets/reservations")
    BudgetReservation.Grant reserve(@RequestBody BudgetReservation reservation) {
        owner(reservation.owner());
        List<BudgetReservation.Hold> holds = listed("holds", reservation.holds());
        for (int i = 0; i < holds.size(); i++) {
            BudgetReservation.Hold hold = holds.get(i);
            budget("holds[" + i + "].budget", hold.budget());
            if (hold.amount() < 0 || hold.limit() <= 0) {
                throw new InvalidField("holds[" + i + "]", "amount must be >= 0 and limit > 0");
            }
        }
        return ledger.reserve(reservation);
    }

    @PostMapping("/api/v1/budgets/settlements")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void settle(@RequestBody BudgetSettlement settlement) {
        owner(settlement.owner());
        if (settlement.day() == null) {
            throw new InvalidField("day", "must be the day the reservation was granted on");
        }
        List<BudgetSettlement.Use> uses = listed("uses", settlement.uses());
        for (int i = 0; i < uses.size(); i++) {
            BudgetSettlement.Use use = uses.get(i);
            budget("uses[" + i + "].budget", use.budget());
            if (use.reserved() < 0 || use.actual() < 0) {
                throw new InvalidField("uses[" + i + "]", "reserved and actual must be >= 0");
            }
        }
        ledger.settle(settlement);
    }

    private static void owner(String owner) {
        if (owner == null || owner.isBlank() || owner.length() > MAX_OWNER) {
            throw new InvalidField("owner", "must be 1 to " + MAX_OWNER + " characters");
        }
    }

    private static void budget(String field, String budget) {
        if (budget == null || !BUDGET.matcher(budget).matches()) {
            throw new InvalidField(field, "must match " + BUDGET.pattern());
        }
    }

    private static <T> List<T> listed(String field, List<T> items) {
        if (items == null || items.isEmpty() || items.size() > MAX_HOLDS || items.contains(null)) {
            throw new InvalidField(field, "must name 1 to " + MAX_HOLDS + " budgets");
        }
        return items;
    }
}
