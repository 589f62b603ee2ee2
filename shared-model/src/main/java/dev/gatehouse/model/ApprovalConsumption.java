package dev.gatehouse.model;

import java.util.Objects;

/**
 * {@code POST /api/v1/approvals/{id}/consume} (edge-proxy only): run the approved command now. Refused
 * unless the approval is {@code APPROVED}, was requested by this identity for this exact fingerprint,
 * and is unused (or inside its re-use window).
 */
public record ApprovalConsumption(String fingerprint, CallerIdentity identity) {

    public ApprovalConsumption {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(identity, "identity");
    }
}
