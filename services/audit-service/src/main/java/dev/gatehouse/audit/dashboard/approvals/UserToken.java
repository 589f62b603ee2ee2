package dev.gatehouse.audit.dashboard.approvals;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The signed-in user's access token from their session, for calls made on their behalf; refreshed with
 * the refresh token when the IdP issued one and the access token is (nearly) expired.
 */
@Component
class UserToken {

    private static final String REGISTRATION_ID = "gatehouse";

    private final OAuth2AuthorizedClientManager clients;

    UserToken(OAuth2AuthorizedClientManager clients) {
        this.clients = clients;
    }

    String of(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizedClient client;
        try {
            client = clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION_ID)
                    .principal(authentication)
                    .attribute(HttpServletRequest.class.getName(), request)
                    .attribute(HttpServletResponse.class.getName(), response).build());
        } catch (OAuth2AuthorizationException e) {
            throw new ApprovalServiceError(401, "your sign-in has expired; sign out and in again");
        }
        if (client == null || client.getAccessToken() == null) {
            throw new ApprovalServiceError(401, "your sign-in carries no access token; sign out and in again");
        }
        Instant expiresAt = client.getAccessToken().getExpiresAt();
        if (expiresAt != null && expiresAt.isBefore(Instant.now())) {
            throw new ApprovalServiceError(401, "your sign-in has expired; sign out and in again");
        }
        return client.getAccessToken().getTokenValue();
    }
}
