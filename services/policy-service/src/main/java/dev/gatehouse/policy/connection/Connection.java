package dev.gatehouse.policy.connection;

import dev.gatehouse.model.ConnectionTarget;
import dev.gatehouse.model.Protocol;

import java.time.Instant;

/** A registered target: the only upstream the proxy forwards to for this name. */
public record Connection(String name, Protocol protocol, String upstream, String description,
                         Instant createdAt, Instant updatedAt) {

    public ConnectionTarget target() {
        return new ConnectionTarget(name, protocol, upstream);
    }
}
