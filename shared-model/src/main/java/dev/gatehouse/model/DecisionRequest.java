package dev.gatehouse.model;

import java.util.Objects;

/** Body of {@code POST /api/v1/decisions}: who wants to do what. */
public record DecisionRequest(CallerIdentity identity, Operation operation) {

    public DecisionRequest {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(operation, "operation");
    }
}
