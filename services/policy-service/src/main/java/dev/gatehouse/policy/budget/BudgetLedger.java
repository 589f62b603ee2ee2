package dev.gatehouse.policy.budget;

import dev.gatehouse.model.BudgetReservation;
import dev.gatehouse.model.BudgetReservation.Grant;
import dev.gatehouse.model.BudgetReservation.Hold;
import dev.gatehouse.model.BudgetSettlement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code budget_usage} counters. A hold is one statement that adds the amount only while the sum
 * stays within the limit: PostgreSQL locks the row for {@code ON CONFLICT DO UPDATE} and evaluates the
 * condition on its newest version, so two replicas' concurrent holds cannot both squeeze in.
 */
@Repository
class BudgetLedger {

    private static final int KEPT_DAYS = 35;

    private final JdbcClient jdbc;
    private final Clock clock;

    @Autowired
    BudgetLedger(JdbcClient jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    BudgetLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every hold or none: a refusal rolls back the holds taken before it in this call. */
    @Transactional
    Grant reserve(BudgetReservation reservation) {
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        // One order for every call's rows, so two calls holding the same two counters cannot deadlock.
        List<Hold> holds = reservation.holds().stream().sorted(Comparator.comparing(Hold::budget)).toList();
        for (Hold hold : holds) {
            Optional<Long> used = hold.amount() > hold.limit() ? Optional.empty() : add(reservation.owner(), day, hold);
            if (used.isEmpty()) {
                TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
                return new Grant(false, day, hold.budget(), used(hold.budget(), reservation.owner(), day), hold.limit());
            }
        }
        return new Grant(true, day, null, 0, 0);
    }

    /** Gives back what a call reserved and did not use (or adds what it used beyond), never below zero. */
    @Transactional
    void settle(BudgetSettlement settlement) {
        for (BudgetSettlement.Use use : settlement.uses()) {
            jdbc.sql("UPDATE budget_usage SET used = greatest(0, used + ?) WHERE budget = ? AND owner = ? AND day = ?")
                    .params(use.actual() - use.reserved(), use.budget(), settlement.owner(), settlement.day())
                    .update();
        }
    }

    /** Forgets days long past: no hold spends from them, and 35 days stay for whoever reads the table. */
    @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT1M")
    void forgetOldDays() {
        jdbc.sql("DELETE FROM budget_usage WHERE day < ?")
                .param(LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(KEPT_DAYS)).update();
    }

    private Optional<Long> add(String owner, LocalDate day, Hold hold) {
        return jdbc.sql("""
                        INSERT INTO budget_usage AS u (budget, owner, day, used) VALUES (?, ?, ?, ?)
                        ON CONFLICT (budget, owner, day) DO UPDATE SET used = u.used + excluded.used
                        WHERE u.used + excluded.used <= ?
                        RETURNING used""")
                .params(hold.budget(), owner, day, hold.amount(), hold.limit())
                .query(Long.class).optional();
    }

    private long used(String budget, String owner, LocalDate day) {
        return jdbc.sql("SELECT used FROM budget_usage WHERE budget = ? AND owner = ? AND day = ?")
                .params(budget, owner, day).query(Long.class).optional().orElse(0L);
    }
}
