package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.BudgetReservation;
import dev.gatehouse.model.BudgetSettlement;
import dev.gatehouse.proxy.policy.PolicyProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * The counters at policy-service ({@code POST /api/v1/budgets/reservations}, {@code …/settlements}),
 * with the decision's timeout. Neither call is retried: a reservation asked twice could hold twice,
 * and a settlement applied twice would give back twice.
 */
@Component
class PolicyServiceBudgets implements BudgetStore {

    private final WebClient http;
    private final PolicyProperties properties;
    private final URI reservations;
    private final URI settlements;

    PolicyServiceBudgets(@Qualifier("internalWebClient") WebClient http, PolicyProperties properties) {
        this.http = http;
        this.properties = properties;
        this.reservations = UriComponentsBuilder.fromUri(properties.url()).path("/api/v1/budgets/reservations").build().toUri();
        this.settlements = UriComponentsBuilder.fromUri(properties.url()).path("/api/v1/budgets/settlements").build().toUri();
    }

    @Override
    public Mono<BudgetReservation.Grant> reserve(BudgetReservation reservation) {
        return http.post().uri(reservations).bodyValue(reservation)
                .retrieve()
                .bodyToMono(BudgetReservation.Grant.class)
                .timeout(properties.timeout())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("empty budget answer")))
                .filter(grant -> grant.granted() ? grant.day() != null : grant.refusedBy() != null)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("unusable budget answer")));
    }

    @Override
    public Mono<Void> settle(BudgetSettlement settlement) {
        return http.post().uri(settlements).bodyValue(settlement)
                .retrieve()
                .toBodilessEntity()
                .timeout(properties.timeout())
                .then();
    }
}
