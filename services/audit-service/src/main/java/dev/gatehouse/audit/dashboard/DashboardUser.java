package dev.gatehouse.audit.dashboard;

import dev.gatehouse.support.InternalApiSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.Set;
import java.util.stream.Collectors;

/** Who is signed in, as the templates need it: a display name and what the roles allow. */
public record DashboardUser(String name, String subject, Set<String> roles) {

    static DashboardUser of(Authentication authentication) {
        Set<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toUnmodifiableSet());
        if (authentication.getPrincipal() instanceof OidcUser user) {
            String name = user.getPreferredUsername() != null ? user.getPreferredUsername() : user.getSubject();
            return new DashboardUser(name, user.getSubject(), roles);
        }
        return new DashboardUser(authentication.getName(), authentication.getName(), roles);
    }

    public boolean reviewer() {
        return roles.contains(InternalApiSecurity.ROLE_REVIEWER);
    }

    public boolean auditor() {
        return roles.contains(InternalApiSecurity.ROLE_AUDITOR) || roles.contains(InternalApiSecurity.ROLE_ADMIN);
    }
}
