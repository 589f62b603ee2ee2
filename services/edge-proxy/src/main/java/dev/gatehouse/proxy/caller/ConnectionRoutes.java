package dev.gatehouse.proxy.caller;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.gatehouse.proxy.caller.CallerApiResponses.asCaller;
import static dev.gatehouse.proxy.caller.CallerApiResponses.json;
import static dev.gatehouse.proxy.caller.CallerApiResponses.unexpected;

/**
 * {@code GET /connections}: the connections of the active policy as a CI caller needs them to point its
 * tools at Gatehouse (what {@code gatehouse env} writes): name, type and, for the types with a listener of
 * their own, the port callers reach it on. Never the upstream address, settings or credentials. All
 * connections are listed (whether a rule allows this caller is decided per request, by the gate).
 */
@Configuration(proxyBeanMethods = false)
class ConnectionRoutes {

    /** Types served on a port of their own; the others are paths on the proxy's HTTP port. */
    private static final Set<String> LISTENERS = Set.of("postgres", "mysql", "ssh", "kubernetes");

    record CallerConnection(String name, String type, Integer port) {
    }

    @Bean
    RouterFunction<ServerResponse> callerConnectionRoutes(InternalReader reader, CallerApiProperties properties,
                                                    Environment environment, JsonMapper json,
                                                    @Value("${gatehouse.proxy.policy.url:http://localhost:8081}") URI policy) {
        URI uri = UriComponentsBuilder.fromUri(policy).path("/api/v1/connections").build().toUri();
        return RouterFunctions.route()
                .GET("/connections", request -> asCaller(request, caller -> reader.get(uri)
                        .flatMap(reply -> reply.status() == 200
                                ? json(list(json.readTree(reply.body()), properties, environment))
                                : unexpected(reply.status()))))
                .build();
    }

    static List<CallerConnection> list(JsonNode connections, CallerApiProperties properties, Environment environment) {
        List<CallerConnection> out = new ArrayList<>();
        for (JsonNode connection : connections) {
            String type = connection.path("type").asString("").toLowerCase(Locale.ROOT);
            out.add(new CallerConnection(connection.path("name").asString(), type, port(type, properties, environment)));
        }
        return out;
    }

    private static Integer port(String type, CallerApiProperties properties, Environment environment) {
        if (!LISTENERS.contains(type)) {
            return null;
        }
        Integer advertised = properties.endpoints().get(type);
        if (advertised != null) {
            return advertised;
        }
        boolean enabled = environment.getProperty("gatehouse.proxy." + type + ".enabled", Boolean.class, false);
        Integer port = environment.getProperty("gatehouse.proxy." + type + ".port", Integer.class);
        return enabled && port != null && port > 0 ? port : null;
    }

}
