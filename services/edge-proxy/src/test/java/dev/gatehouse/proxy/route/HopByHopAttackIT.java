package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.RawHttp;
import dev.gatehouse.proxy.support.RecordingUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, HTTP: headers a client nominates as hop-by-hop ({@code Connection: ...}) are removed from
 * the client's request before the proxy injects its own, so a nomination can never strip the vault's
 * credential or the audit id, and the policy decides on the headers the upstream will actually get.
 */
class HopByHopAttackIT extends HttpAttackTest {

    @ParameterizedTest
    @ValueSource(strings = {"close, Authorization, Gatehouse-Audit-Id", "Authorization",
            "keep-alive,gatehouse-audit-id,AUTHORIZATION", "Gatehouse-Audit-Id, Cookie"})
    void aNominationNeverRemovesTheInjectedCredentialOrAuditId(String nominated) {
        RawHttp.Response response = raw(RawHttp.head("GET", "/proxy/hop-cred/items", bearer(),
                "Connection: " + nominated));

        assertThat(response.status()).isEqualTo(200);
        RecordingUpstream.Request forwarded = UPSTREAM.last();
        assertThat(forwarded.headers("Authorization")).containsExactly("Bearer " + VAULT_SECRET);
        assertThat(forwarded.headers("Gatehouse-Audit-Id")).containsExactly(response.header("Gatehouse-Audit-Id"));
        assertThat(forwarded.header("Connection")).isNotEqualToIgnoringCase(nominated);
    }

    @Test
    void aNominationInASecondConnectionHeaderIsHonouredTheSameWay() {
        RawHttp.Response response = raw(RawHttp.head("GET", "/proxy/hop-two/items", bearer(),
                "Connection: keep-alive", "Connection: Authorization", "Connection: Gatehouse-Audit-Id"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UPSTREAM.last().headers("Authorization")).containsExactly("Bearer " + VAULT_SECRET);
        assertThat(UPSTREAM.last().headers("Gatehouse-Audit-Id")).containsExactly(response.header("Gatehouse-Audit-Id"));
    }

    @Test
    void aCredentialInjectedUnderItsOwnHeaderNameSurvivesItsNomination() {
        VAULT.respond(200, "{\"leaseId\":\"lease-h\",\"connection\":\"echo\",\"credential\":{\"type\":\"HEADER\","
                + "\"header\":\"X-Api-Key\",\"secret\":\"" + VAULT_SECRET + "\"},\"expiresAt\":\"2999-01-01T00:00:00Z\"}");

        RawHttp.Response response = raw(RawHttp.head("GET", "/proxy/hop-header/items", bearer(),
                "X-Api-Key: caller-chosen", "Connection: X-Api-Key"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UPSTREAM.last().headers("X-Api-Key")).containsExactly(VAULT_SECRET);
    }

    @Test
    void aNominatedClientHeaderIsNeitherDecidedOnNorForwarded() {
        RawHttp.Response response = raw(RawHttp.head("GET", "/proxy/hop-dry/items", bearer(),
                "X-Dry-Run: true", "Connection: X-Dry-Run"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UPSTREAM.last().header("X-Dry-Run")).isNull();
        assertThat(POLICY.last("/api/v1/decisions").body()).as("the policy saw what the upstream gets").doesNotContain("x-dry-run");
    }
}
