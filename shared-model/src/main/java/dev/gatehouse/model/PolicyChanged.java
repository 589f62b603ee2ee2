package dev.gatehouse.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Published on {@link Topics#POLICY} when a new policy version becomes active (an import, an edit
 * or a rollback). Proxies drop their decision caches on it.
 */
public record PolicyChanged(long version, String author, Instant activatedAt, Long rolledBackFrom) {

    public PolicyChanged {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(activatedAt, "activatedAt");
    }
}
