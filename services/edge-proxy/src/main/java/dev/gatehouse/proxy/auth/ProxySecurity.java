package dev.gatehouse.proxy.auth;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Callers authenticate with a bearer JWT from one of the trusted issuers; everything but health and
 * metrics needs it. Stateless: no session, no cookies, no CSRF (nothing is read from a cookie).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class ProxySecurity {

    static final String UNAUTHORIZED_DETAIL = "a valid bearer token from a trusted issuer is required";

    @Bean
    SecurityWebFilterChain proxySecurityFilterChain(ServerHttpSecurity http, TrustedIssuers issuers,
                                                    VerifiedTokens verified, ProblemWriter problems) {
        ServerAuthenticationEntryPoint entryPoint = unauthorized(problems);
        ServerAccessDeniedHandler denied = (exchange, e) -> problems.write(exchange, HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN, "access denied");
        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs").permitAll()
                        .anyExchange().authenticated())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .oauth2ResourceServer(oauth2 -> oauth2
                        .bearerTokenConverter(new BearerTokenConverter())
                        .authenticationManagerResolver(verifiedOnce(issuers, verified))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(denied))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(denied))
                .build();
    }

    /** The issuer's checks, run once per token while {@link VerifiedTokens} may reuse their result. */
    private static ReactiveAuthenticationManagerResolver<ServerWebExchange> verifiedOnce(TrustedIssuers issuers,
                                                                                         VerifiedTokens verified) {
        JwtIssuerReactiveAuthenticationManagerResolver byIssuer = new JwtIssuerReactiveAuthenticationManagerResolver(issuers);
        return exchange -> byIssuer.resolve(exchange).map(verified::around);
    }

    /** Spring Security's request firewall, its header-value rule checked without a regular expression. */
    @Bean
    ServerWebExchangeFirewall exchangeFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderValues(HeaderValues::allowed);
        return firewall;
    }

    /**
     * No observations of Security's own filters: they wrapped each of them in timers per request (with
     * Gateway's duplicate route timer, ~15 % of the event loop's samples under proxied GETs). The proxy's
     * request latency is still measured once, as {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Requests the firewall refuses (encoded slashes, dot segments, ...) get a problem body too. */
    @Bean
    ServerExchangeRejectedHandler problemExchangeRejectedHandler(ProblemWriter problems) {
        return (exchange, e) -> problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "the request path is not allowed");
    }

    private static ServerAuthenticationEntryPoint unauthorized(ProblemWriter problems) {
        return (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, UNAUTHORIZED_DETAIL);
        };
    }
}
