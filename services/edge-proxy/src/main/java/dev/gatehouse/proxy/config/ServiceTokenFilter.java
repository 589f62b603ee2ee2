package dev.gatehouse.proxy.config;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Adds the proxy's own bearer token (client credentials) to every internal call.
 * <p>
 * Spring's {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} would authorize on behalf of the
 * principal in the reactive security context, which inside a proxied request is the caller: the
 * proxy's token would then be fetched and cached once per caller. Authorizing for the fixed principal
 * {@value #PRINCIPAL} keeps one token for the whole proxy, used inside or outside a request.
 */
final class ServiceTokenFilter implements ExchangeFilterFunction {

    static final String PRINCIPAL = "gatehouse-edge-proxy";

    private final ReactiveOAuth2AuthorizedClientManager manager;
    private final String registrationId;

    ServiceTokenFilter(ReactiveOAuth2AuthorizedClientManager manager, String registrationId) {
        this.manager = manager;
        this.registrationId = registrationId;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        OAuth2AuthorizeRequest authorize = OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
                .principal(PRINCIPAL).build();
        return manager.authorize(authorize)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no service token for " + registrationId)))
                .map(client -> ClientRequest.from(request)
                        .headers(headers -> headers.setBearerAuth(client.getAccessToken().getTokenValue()))
                        .build())
                .flatMap(next::exchange);
    }
}
