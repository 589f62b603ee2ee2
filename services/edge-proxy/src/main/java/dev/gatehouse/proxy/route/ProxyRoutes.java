package dev.gatehouse.proxy.route;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one route: {@code /proxy/{connection}/**} (contract). Its URI is a placeholder that can never be
 * reached: {@link ProxyRequestFilter} replaces the request URL with the connection's registered
 * upstream, or answers itself.
 */
@Configuration(proxyBeanMethods = false)
class ProxyRoutes {

    static final String ROUTE_ID = "gatehouse-proxy";
    static final String PREFIX = "/proxy/";

    @Bean
    RouteLocator gatehouseProxyRoute(RouteLocatorBuilder routes) {
        return routes.routes()
                .route(ROUTE_ID, route -> route.path(PREFIX + "{connection}/**").uri("http://upstream.invalid"))
                .build();
    }
}
