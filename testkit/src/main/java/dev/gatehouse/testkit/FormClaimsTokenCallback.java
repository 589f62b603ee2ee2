package dev.gatehouse.testkit;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token-endpoint behaviour of the local issuer. The subject is the form parameter {@code subject}
 * (else the client id); extra claims come from the form parameter {@code claims} (a JSON object), and
 * known clients get their groups. People sign in on the issuer's login page (authorization code), with
 * their subject and claims typed there. This is what {@code deploy/local/token.sh} uses: a development
 * issuer that mints whatever it is asked for, never to be trusted outside a laptop or a test.
 */
final class FormClaimsTokenCallback implements OAuth2TokenCallback {

    private final String issuerId;
    private final String audience;
    private final Map<String, List<String>> clientGroups;

    FormClaimsTokenCallback(String issuerId, String audience, Map<String, List<String>> clientGroups) {
        this.issuerId = issuerId;
        this.audience = audience;
        this.clientGroups = clientGroups;
    }

    @Override
    public String issuerId() {
        return issuerId;
    }

    @Override
    public String subject(TokenRequest request) {
        String subject = param(request, "subject");
        return subject != null ? subject : clientId(request);
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
        String requested = param(request, "audience");
        if (requested != null) {
            return List.of(requested);
        }
        // A person signing in to a web client (the dashboard): the ID token must name that client, and the
        // access token it calls the internal APIs with must name theirs, as a real IdP's audience mapper does.
        if (request.getAuthorizationGrant() instanceof AuthorizationCodeGrant) {
            String client = clientId(request);
            return client.equals(audience) ? List.of(audience) : List.of(client, audience);
        }
        return List.of(audience);
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        Map<String, Object> claims = new HashMap<>();
        String json = param(request, "claims");
        if (json != null) {
            try {
                claims.putAll(JSONObjectUtils.parse(json));
            } catch (com.nimbusds.oauth2.sdk.ParseException e) {
                throw new IllegalArgumentException("form parameter 'claims' is not a JSON object");
            }
        }
        List<String> groups = clientGroups.get(clientId(request));
        if (groups != null) {
            claims.put("groups", groups);
        }
        claims.putIfAbsent("azp", clientId(request));
        return claims;
    }

    @Override
    public long tokenExpiry() {
        return 3600;
    }

    private static String param(TokenRequest request, String name) {
        List<String> values = request.getCustomParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String clientId(TokenRequest request) {
        ClientID id = request.getClientAuthentication() != null
                ? request.getClientAuthentication().getClientID() : request.getClientID();
        return id == null ? "anonymous" : id.getValue();
    }
}
