package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A credential issued by the vault to the proxy, valid until {@code expiresAt}. {@code dynamic} marks
 * a credential minted for this lease alone (a PostgreSQL role that dies with it), which the proxy
 * keeps per caller session; {@code renewableUntil} is how far renewals may extend it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lease(String leaseId, String connection, Credential credential, Instant expiresAt, Boolean dynamic,
                    Instant renewableUntil) {

    public Lease {
        dynamic = dynamic != null && dynamic;
    }

    public Lease(String leaseId, String connection, Credential credential, Instant expiresAt) {
        this(leaseId, connection, credential, expiresAt, false, null);
    }
}
