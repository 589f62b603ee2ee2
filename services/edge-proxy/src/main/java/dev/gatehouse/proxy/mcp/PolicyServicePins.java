package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.ToolPinCheck;
import dev.gatehouse.proxy.policy.PolicyProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * The tool pins every replica shares, at policy-service ({@code POST /api/v1/tool-pins/checks}, and
 * {@code GET …/{connection}/{tool}/refused} before a call), with the decision's timeout. An error
 * (unreachable, refused, an unusable answer) fails the list or the call it was asked for: the proxy then
 * offers no tool, or sends no call, rather than one it could not check.
 */
@Component
class PolicyServicePins implements PinStore {

    private final WebClient http;
    private final PolicyProperties properties;
    private final URI checks;

    PolicyServicePins(@Qualifier("internalWebClient") WebClient http, PolicyProperties properties) {
        this.http = http;
        this.properties = properties;
        this.checks = UriComponentsBuilder.fromUri(properties.url()).path("/api/v1/tool-pins/checks").build().toUri();
    }

    @Override
    public Mono<ToolPinCheck.Verdict> check(String connection, String tool, String hash) {
        return http.post().uri(checks).bodyValue(new ToolPinCheck(connection, tool, hash))
                .retrieve()
                .bodyToMono(ToolPinCheck.Verdict.class)
                .timeout(properties.timeout())
                .filter(verdict -> verdict.pinned() != null)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("unusable tool pin answer")));
    }

    @Override
    public Mono<String> refused(String connection, String tool) {
        URI uri = UriComponentsBuilder.fromUri(properties.url()).path("/api/v1/tool-pins/{connection}/{tool}/refused")
                .buildAndExpand(connection, tool).encode().toUri();
        return http.get().uri(uri)
                .retrieve()
                .bodyToMono(ToolPinCheck.Refused.class)
                .timeout(properties.timeout())
                .mapNotNull(ToolPinCheck.Refused::hash);
    }
}
