package dev.gatehouse.proxy.config;

import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;


/**
 * The one {@link WebClient} for policy-service and credential-vault: short timeouts (a slow dependency
 * must turn into a quick 503, not a hung caller) and the proxy's own client-credentials token.
 */
@Configuration(proxyBeanMethods = false)
class InternalClientConfiguration {

    @Bean
    InternalConnections internalConnections() {
        return new InternalConnections();
    }

    @Bean
    WebClient internalWebClient(InternalClientProperties properties, JsonMapper json, InternalConnections connections,
                                ReactiveClientRegistrationRepository registrations,
                                ReactiveOAuth2AuthorizedClientService authorizedClients) {
        ReactorClientHttpConnector connector = connector(properties, connections.pool());
        AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(clientCredentials(connector));
        return WebClient.builder()
                .clientConnector(connector)
                .codecs(codecs -> {
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(json));
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(json));
                })
                .filter(new ServiceTokenFilter(manager, properties.registrationId()))
                .build();
    }

    private static ClientCredentialsReactiveOAuth2AuthorizedClientProvider clientCredentials(
            ReactorClientHttpConnector connector) {
        WebClientReactiveClientCredentialsTokenResponseClient tokens = new WebClientReactiveClientCredentialsTokenResponseClient();
        tokens.setWebClient(WebClient.builder().clientConnector(connector).build());
        ClientCredentialsReactiveOAuth2AuthorizedClientProvider provider = new ClientCredentialsReactiveOAuth2AuthorizedClientProvider();
        provider.setAccessTokenResponseClient(tokens);
        return provider;
    }

    private static ReactorClientHttpConnector connector(InternalClientProperties properties, ConnectionProvider pool) {
        HttpClient http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout());
        return new ReactorClientHttpConnector(http);
    }
}
