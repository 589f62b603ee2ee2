package dev.gatehouse.proxy.caller;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.policy.ConnectionDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;

import static dev.gatehouse.proxy.caller.CallerApiResponses.asCaller;
import static dev.gatehouse.proxy.caller.CallerApiResponses.badRequest;
import static dev.gatehouse.proxy.caller.CallerApiResponses.json;
import static dev.gatehouse.proxy.caller.CallerApiResponses.problem;
import static dev.gatehouse.proxy.caller.CallerApiResponses.unexpected;

/**
 * {@code POST /explain}: why the caller's request would be decided as it would, without running it. The
 * identity is the caller's verified token (claims included), never one from the body; the body names only
 * the operation ({@code connection}, {@code method}, {@code path}, {@code query}, {@code statement}). The
 * answer keeps the verdict, the deciding rule, the reason, and per rule whether it matched and why not
 * (say, which claim differed); the decision's upstream target, masking and review settings are dropped.
 */
@Configuration(proxyBeanMethods = false)
class ExplainRoutes {

    @Bean
    RouterFunction<ServerResponse> callerExplainRoutes(InternalReader reader, ConnectionDirectory connections, JsonMapper json,
                                                 @Value("${gatehouse.proxy.policy.url:http://localhost:8081}") URI policy) {
        URI uri = UriComponentsBuilder.fromUri(policy).path("/api/v1/decisions/explain").build().toUri();
        return RouterFunctions.route()
                .POST("/explain", request -> asCaller(request, caller -> explain(request, caller, reader, connections,
                        json, uri)))
                .build();
    }

    private static Mono<ServerResponse> explain(ServerRequest request, CallerIdentity caller, InternalReader reader,
                                                ConnectionDirectory connections, JsonMapper json, URI uri) {
        return request.bodyToMono(String.class).defaultIfEmpty("").flatMap(text -> {
            JsonNode body;
            try {
                body = json.readTree(text);
            } catch (RuntimeException e) {
                return badRequest("the body must be JSON: {\"connection\":...,\"method\":...,\"path\":...} or {\"statement\":...}");
            }
            String name = body.path("connection").asString(null);
            if (name == null || name.isBlank()) {
                return badRequest("connection is required");
            }
            return connections.find(name)
                    .flatMap(target -> reader.post(uri, new DecisionRequest(caller, new Operation(name, target.protocol(),
                                    text(body, "method"), text(body, "path"), text(body, "query"),
                                    text(body, "statement"), null))))
                    .flatMap(reply -> switch (reply.status()) {
                        case 200 -> json(trimmed(json.readTree(reply.body()), json));
                        case 400 -> badRequest("policy-service could not read this operation: "
                                + json.readTree(reply.body()).path("detail").asString(""));
                        default -> unexpected(reply.status());
                    })
                    .switchIfEmpty(Mono.defer(() -> problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                            "no connection " + name + " in the active policy")));
        });
    }

    /** Verdict, rule and reasons only. */
    static ObjectNode trimmed(JsonNode explanation, JsonMapper json) {
        JsonNode decision = explanation.path("decision");
        ObjectNode out = json.createObjectNode();
        out.put("verdict", decision.path("verdict").asString(null));
        out.put("ruleId", decision.path("ruleId").asString(null));
        out.put("reason", decision.path("reason").asString(null));
        ArrayNode rules = out.putArray("rules");
        for (JsonNode unit : explanation.path("units")) {
            for (JsonNode rule : unit.path("rules")) {
                ObjectNode trace = rules.addObject();
                if (unit.hasNonNull("unit")) {
                    trace.put("unit", unit.path("unit").asString());
                }
                trace.put("ruleId", rule.path("ruleId").asString(null));
                trace.put("action", rule.path("action").asString(null));
                trace.put("matched", rule.path("matched").asBoolean());
                trace.put("reason", rule.path("reason").asString(null));
            }
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
