package dev.gatehouse.support;

import dev.gatehouse.model.ProblemTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Bearer-token security for the internal services. Tokens come from the company IdP configured with
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} and {@code ...audiences}; an agent's
 * token, issued by a CI platform for audience {@code gatehouse}, therefore never authenticates here.
 * Roles are the {@code groups} claim as-is ({@code gatehouse-proxy}, {@code gatehouse-admin}, ...),
 * checked per endpoint with {@code @PreAuthorize}. Health and metrics stay open for probes.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class InternalApiSecurity {

    public static final String ROLE_PROXY = "gatehouse-proxy";
    public static final String ROLE_ADMIN = "gatehouse-admin";
    public static final String ROLE_REVIEWER = "gatehouse-reviewer";
    public static final String ROLE_AUDITOR = "gatehouse-auditor";

    @Bean
    SecurityFilterChain internalApiFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                                "/actuator/info", "/v3/api-docs/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens only, no cookies: CSRF has nothing to protect.
                .csrf(csrf -> csrf.disable())
                .oauth2ResourceServer(oauth2 -> oauth2
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(groupsAsAuthorities()))
                        .authenticationEntryPoint((request, response, e) -> ProblemJsonWriter.write(response,
                                HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "a valid bearer token is required"))
                        .accessDeniedHandler((request, response, e) -> ProblemJsonWriter.write(response,
                                HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "the token lacks the role this call needs")))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> ProblemJsonWriter.write(response,
                                HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "a valid bearer token is required"))
                        .accessDeniedHandler((request, response, e) -> ProblemJsonWriter.write(response,
                                HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "the token lacks the role this call needs")));
        return http.build();
    }

    static JwtAuthenticationConverter groupsAsAuthorities() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("groups");
        authorities.setAuthorityPrefix("");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }
}
