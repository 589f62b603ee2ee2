package dev.gatehouse.audit.dashboard;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The one client registration, built from the issuer's discovery document on first use rather than at
 * startup: the audit trail keeps being ingested while the IdP is unreachable, and a failed discovery is
 * retried at the next login.
 */
final class IssuerClientRegistrations implements ClientRegistrationRepository {

    static final String REGISTRATION_ID = "gatehouse";

    private final DashboardProperties properties;
    private volatile ClientRegistration registration;

    IssuerClientRegistrations(DashboardProperties properties) {
        this.properties = properties;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration current = registration;
        if (current == null) {
            synchronized (this) {
                current = registration;
                if (current == null) {
                    current = discover();
                    registration = current;
                }
            }
        }
        return current;
    }

    private ClientRegistration discover() {
        ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                .registrationId(REGISTRATION_ID)
                .clientId(properties.clientId())
                // openid only: identity and groups come from the ID token, no userinfo round trip.
                .scope("openid")
                .redirectUri("{baseUrl}" + DashboardSecurity.CALLBACK_BASE + "/{registrationId}")
                .userNameAttributeName("sub");
        if (properties.publicClient()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(properties.clientSecret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        }
        return builder.build();
    }
}
