package dev.gatehouse.proxy.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * Serves the proxy's OpenAPI description at {@code /v3/api-docs}, like every other service. Written by
 * hand: the proxy's API is one gateway route, which no annotation scanner can see.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    static final String PATH = "/v3/api-docs";

    @Bean
    RouterFunction<ServerResponse> openApiRoute() {
        ClassPathResource document = new ClassPathResource("openapi/edge-proxy.json");
        return route(GET(PATH), request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document));
    }
}
