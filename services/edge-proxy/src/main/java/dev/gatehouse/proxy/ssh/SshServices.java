package dev.gatehouse.proxy.ssh;

import dev.gatehouse.proxy.auth.CallerTokenVerifier;
import dev.gatehouse.proxy.gate.Gate;
import dev.gatehouse.proxy.gate.Review;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import dev.gatehouse.proxy.vault.LeaseCache;
import org.springframework.stereotype.Component;

/** What every SSH session uses, shared by all of them. */
@Component
class SshServices {

    final SshProperties properties;
    final CallerTokenVerifier tokens;
    /** Decisions and audit records go through the gate only (docs/adapter-contract.md). */
    final Gate gate;
    final Review review;
    final LeaseCache leases;
    final ConnectionDirectory connections;
    final SshAuditEvents events;
    final Masking masking;

    SshServices(SshProperties properties, CallerTokenVerifier tokens, Gate gate, Review review, LeaseCache leases,
                ConnectionDirectory connections, SshAuditEvents events, Masking masking) {
        this.properties = properties;
        this.tokens = tokens;
        this.gate = gate;
        this.review = review;
        this.leases = leases;
        this.connections = connections;
        this.events = events;
        this.masking = masking;
    }
}
