package dev.gatehouse.audit.dashboard;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Roles from the {@code groups} claim, as-is ({@code gatehouse-reviewer}, ...), the same names the
 * bearer-token APIs check. Scope authorities are dropped: a scope never grants a role here.
 */
final class GroupsAuthorities implements GrantedAuthoritiesMapper {

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new LinkedHashSet<>();
        for (GrantedAuthority authority : authorities) {
            Map<String, Object> claims = switch (authority) {
                case OidcUserAuthority oidc -> oidc.getIdToken().getClaims();
                case OAuth2UserAuthority oauth2 -> oauth2.getAttributes();
                default -> Map.of();
            };
            groups(claims.get("groups")).forEach(group -> mapped.add(new SimpleGrantedAuthority(group)));
        }
        return mapped;
    }

    private static Set<String> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(value -> groups.add(String.valueOf(value)));
        } else if (claim instanceof String value && !value.isBlank()) {
            groups.add(value);
        }
        return groups;
    }
}
