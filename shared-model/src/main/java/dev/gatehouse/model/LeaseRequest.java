package dev.gatehouse.model;

/** Body of {@code POST /api/v1/leases}: the connection the proxy needs a credential for. */
public record LeaseRequest(String connection) {
}
