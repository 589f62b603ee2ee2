package dev.gatehouse.model;

/**
 * The registered upstream of a connection, as the policy-service knows it. The proxy forwards only
 * here: a caller never chooses the host.
 */
public record ConnectionTarget(String name, Protocol protocol, String upstream) {
}
