package dev.gatehouse.audit.dashboard;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GroupsAuthoritiesTests {

    @Test
    void rolesAreTheGroupsClaimAndScopesGrantNothing() {
        OidcIdToken token = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "alice", "groups", List.of("gatehouse-reviewer", "gatehouse-auditor")));

        var mapped = new GroupsAuthorities().mapAuthorities(List.of(new OidcUserAuthority(token),
                new SimpleGrantedAuthority("SCOPE_gatehouse-admin")));

        assertThat(mapped).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("gatehouse-reviewer", "gatehouse-auditor");
    }

    @Test
    void noGroupsClaimMeansNoRole() {
        OidcIdToken token = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("sub", "eve"));

        assertThat(new GroupsAuthorities().mapAuthorities(List.of(new OidcUserAuthority(token)))).isEmpty();
    }
}
