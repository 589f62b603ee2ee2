package dev.gatehouse.approval.request;

import jakarta.validation.constraints.Size;

/** Body of {@code /approve} and {@code /reject}. */
record DecisionComment(@Size(max = 2000) String comment) {
}
