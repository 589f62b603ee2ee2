package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.BudgetReservation;
import dev.gatehouse.model.BudgetSettlement;
import reactor.core.publisher.Mono;

/** Where the spending counters live: policy-service's database, shared by every proxy replica. */
interface BudgetStore {

    /** The holds, all or none; an error when the store cannot answer (the call is then not sent). */
    Mono<BudgetReservation.Grant> reserve(BudgetReservation reservation);

    /** What a granted call used; a lost settlement leaves the whole reservation counted (never under). */
    Mono<Void> settle(BudgetSettlement settlement);
}
