package dev.gatehouse.audit.dashboard;

import dev.gatehouse.support.InternalApiSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The dashboard's own filter chain, ordered before the bearer-token chain of {@link InternalApiSecurity}
 * and limited to the dashboard's paths: everything else, {@code /api/v1/**} included, still goes to that
 * stateless chain unchanged, so a session cookie never authenticates an API call. Here: OIDC
 * authorization code with PKCE, an HTTP session, CSRF on every form, roles from the {@code groups} claim.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

    static final String BASE = "/dashboard";
    static final String AUTHORIZATION_BASE = BASE + "/oauth2/authorization";
    static final String CALLBACK_BASE = BASE + "/login/oauth2/code";

    @Bean
    ClientRegistrationRepository dashboardClientRegistrations(DashboardProperties properties) {
        return new IssuerClientRegistrations(properties);
    }

    @Bean
    OAuth2AuthorizedClientRepository dashboardAuthorizedClients() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /** Hands out the user's access token, refreshing it with the refresh token when the IdP issued one. */
    @Bean
    OAuth2AuthorizedClientManager dashboardAuthorizedClientManager(ClientRegistrationRepository registrations,
                                                                   OAuth2AuthorizedClientRepository authorizedClients) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations,
                authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return manager;
    }

    @Bean
    @Order(1)
    SecurityFilterChain dashboardFilterChain(HttpSecurity http, ClientRegistrationRepository registrations,
                                             OAuth2AuthorizedClientRepository authorizedClients) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver resolver =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, AUTHORIZATION_BASE);
        // PKCE for confidential clients too (public clients get it anyway).
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        logout.setPostLogoutRedirectUri("{baseUrl}" + BASE + "/signed-out");

        http.securityMatcher("/", BASE, BASE + "/**", "/webjars/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(BASE + "/assets/**", "/webjars/**", BASE + "/signed-out", BASE + "/denied")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, BASE + "/approvals/**")
                        .hasAuthority(InternalApiSecurity.ROLE_REVIEWER)
                        .requestMatchers(BASE + "/approvals", BASE + "/approvals/**").authenticated()
                        .requestMatchers(BASE + "/search", BASE + "/sessions/**", BASE + "/integrity")
                        .hasAnyAuthority(InternalApiSecurity.ROLE_AUDITOR, InternalApiSecurity.ROLE_ADMIN)
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .loginPage(AUTHORIZATION_BASE + "/" + IssuerClientRegistrations.REGISTRATION_ID)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                        .redirectionEndpoint(endpoint -> endpoint.baseUri(CALLBACK_BASE + "/*"))
                        .authorizedClientRepository(authorizedClients)
                        .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(new GroupsAuthorities())))
                .logout(out -> out.logoutUrl(BASE + "/logout").logoutSuccessHandler(logout))
                .exceptionHandling(exceptions -> exceptions.accessDeniedPage(BASE + "/denied"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                + "frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
