package dev.gatehouse.model;

import java.time.Instant;

/** A credential issued by the vault to the proxy, valid until {@code expiresAt}. */
public record Lease(String leaseId, String connection, Credential credential, Instant expiresAt) {
}
