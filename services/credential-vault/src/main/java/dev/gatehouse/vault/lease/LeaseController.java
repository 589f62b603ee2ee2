package dev.gatehouse.vault.lease;

import dev.gatehouse.model.Lease;
import dev.gatehouse.model.LeaseRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Leases go to the edge-proxy's service identity only; admins manage secrets but never read them. */
@RestController
@RequestMapping("/api/v1/leases")
class LeaseController {

    private final LeaseIssuer issuer;

    LeaseController(LeaseIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping
    @PreAuthorize("hasAuthority('gatehouse-proxy')")
    Lease lease(@RequestBody LeaseRequest request, @AuthenticationPrincipal Jwt caller) {
        if (request.connection() == null || request.connection().isBlank()) {
            throw new IllegalArgumentException("connection: must not be blank");
        }
        return issuer.issue(request.connection(), caller.getSubject());
    }
}
