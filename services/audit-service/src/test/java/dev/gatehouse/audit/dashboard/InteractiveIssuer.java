package dev.gatehouse.audit.dashboard;

import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.gatehouse.testkit.OidcIssuer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The company IdP with a real login page: mock-oauth2-server with interactive login, issuer
 * {@value OidcIssuer#INTERNAL}. Its tokens carry audience [dashboard client, {@value OidcIssuer#INTERNAL_AUDIENCE}]
 * and {@code azp} = the client: the ID token validates for the dashboard client and the access token is
 * accepted by the internal services. Stands in for testkit's OidcIssuer, whose login is not interactive
 * and whose tokens name only the internal audience (see the audit-service README, "Dashboard").
 */
final class InteractiveIssuer implements AutoCloseable {

    static final String CLIENT_ID = "gatehouse-dashboard";

    private final MockOAuth2Server server;

    InteractiveIssuer() {
        server = new MockOAuth2Server(new OAuth2Config(true, null, null, false, new OAuth2TokenProvider(),
                Set.of(new DashboardTokens())));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    String issuerUrl() {
        String url = server.issuerUrl(OidcIssuer.INTERNAL).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A bearer token as an API client would hold it (no login page). */
    String apiToken(String subject, String... groups) {
        return server.issueToken(OidcIssuer.INTERNAL, "api-client", new DefaultOAuth2TokenCallback(OidcIssuer.INTERNAL,
                subject, "JWT", List.of(OidcIssuer.INTERNAL_AUDIENCE), Map.of("groups", List.of(groups)), 300))
                .serialize();
    }

    @Override
    public void close() {
        server.shutdown();
    }

    private static final class DashboardTokens implements OAuth2TokenCallback {

        @Override
        public String issuerId() {
            return OidcIssuer.INTERNAL;
        }

        @Override
        public String subject(TokenRequest request) {
            return "unknown";
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of(CLIENT_ID, OidcIssuer.INTERNAL_AUDIENCE);
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            return Map.of("azp", CLIENT_ID);
        }

        @Override
        public long tokenExpiry() {
            return 3600;
        }
    }
}
