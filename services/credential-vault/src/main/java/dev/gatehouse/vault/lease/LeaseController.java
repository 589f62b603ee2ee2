package dev.gatehouse.vault.lease;

import dev.gatehouse.model.LeaseRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Credentials go to the edge-proxy's service identity only. Admins may inspect and revoke a lease (to
 * cut off a run at once) but can never obtain a credential.
 */
@RestController
@RequestMapping("/api/v1/leases")
class LeaseController {

    private static final Pattern CONNECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_SESSION_ID = 128;

    private final LeaseIssuer issuer;
    private final LeaseRenewal renewal;
    private final LeaseRevoker revoker;
    private final LeaseStore leases;

    LeaseController(LeaseIssuer issuer, LeaseRenewal renewal, LeaseRevoker revoker, LeaseStore leases) {
        this.issuer = issuer;
        this.renewal = renewal;
        this.revoker = revoker;
        this.leases = leases;
    }

    @PostMapping
    @PreAuthorize("hasAuthority('gatehouse-proxy')")
    IssuedLease lease(@RequestBody LeaseRequest request, @AuthenticationPrincipal Jwt proxy) {
        if (request.connection() == null || request.connection().isBlank()) {
            throw new IllegalArgumentException("connection: must not be blank");
        }
        if (!CONNECTION.matcher(request.connection()).matches()) {
            throw new IllegalArgumentException("connection: must be 1-128 letters, digits, '.', '_' or '-'");
        }
        if (request.sessionId() != null && (request.sessionId().length() > MAX_SESSION_ID
                || request.sessionId().chars().anyMatch(c -> c < 0x20))) {
            throw new IllegalArgumentException("sessionId: must be at most 128 printable characters");
        }
        return issuer.issue(request, proxy.getSubject());
    }

    @PostMapping("/{leaseId}/renew")
    @PreAuthorize("hasAuthority('gatehouse-proxy')")
    LeaseStatus renew(@PathVariable UUID leaseId) {
        return renewal.renew(leaseId);
    }

    @PostMapping("/{leaseId}/revoke")
    @PreAuthorize("hasAnyAuthority('gatehouse-proxy', 'gatehouse-admin')")
    LeaseStatus revoke(@PathVariable UUID leaseId, @AuthenticationPrincipal Jwt caller) {
        return revoker.revoke(leaseId, caller.getSubject());
    }

    @GetMapping("/{leaseId}")
    @PreAuthorize("hasAnyAuthority('gatehouse-proxy', 'gatehouse-admin')")
    LeaseStatus get(@PathVariable UUID leaseId) {
        return leases.find(leaseId).map(LeaseRecord::status)
                .orElseThrow(() -> new LeaseProblems.LeaseNotFound(leaseId));
    }
}
