package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.Curl;
import dev.gatehouse.proxy.support.RecordingUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, HTTP: a method override (headers, {@code ?_method=}, {@code _method} in a form body) that
 * Rails, Laravel, Symfony or Express would honour is the method the upstream runs; the proxy decides,
 * audits and forwards that effective method, and never passes the override itself on. With a GET-only
 * rule, a GET that says "DELETE" is a DELETE and is denied.
 */
class MethodOverrideAttackIT extends HttpAttackTest {

    @ParameterizedTest
    @ValueSource(strings = {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "x-http-method-override"})
    void anOverrideHeaderOnAnAllowedGetIsDecidedAsTheMethodItNamesAndDenied(String header) {
        Curl response = upstreamUntouchedBy(() -> curl("-H", header + ": DELETE", proxyUrl("/proxy/ovr-header/items/1")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/policy-denied\"")
                .contains("\"ruleId\":\"deny-writes\"");
        assertThat(lastDecidedMethod()).isEqualTo("DELETE");
        JsonNode event = auditEvent(response.header("Gatehouse-Audit-Id"));
        assertThat(event.path("verdict").asString()).isEqualTo("DENY");
        assertThat(event.path("operation").path("method").asString()).as("the trail says DELETE").isEqualTo("DELETE");
    }

    @Test
    void aMethodQueryParameterOnAnAllowedGetIsDecidedAsItsValue() {
        Curl lower = upstreamUntouchedBy(() -> curl(proxyUrl("/proxy/ovr-query/items/1?_method=delete")));
        Curl encoded = upstreamUntouchedBy(() -> curl(proxyUrl("/proxy/ovr-query/items/1?a=1&%5Fmethod=DELETE")));
        Curl semicolon = upstreamUntouchedBy(() -> curl(proxyUrl("/proxy/ovr-query/items/1?a=1;_method=DELETE")));

        assertThat(lower.status()).isEqualTo(403);
        assertThat(encoded.status()).isEqualTo(403);
        assertThat(semicolon.status()).as("a ';' separated override (older Rack) is refused").isEqualTo(400);
    }

    @Test
    void aMethodFieldInAFormBodyIsDecidedAsItsValue() {
        allowOnly("GET", "POST");

        Curl response = upstreamUntouchedBy(() -> curl("--data", "name=x&_method=DELETE",
                proxyUrl("/proxy/ovr-form/items/1")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(lastDecidedMethod()).isEqualTo("DELETE");
    }

    @Test
    void aFormIsReadForItsOverrideHoweverItsContentTypeIsSpelled() {
        allowOnly("GET", "POST");

        Curl response = upstreamUntouchedBy(() -> curl("-H", "Content-Type: Application/X-WWW-Form-URLEncoded ;;x",
                "--data", "a=1&_method=DELETE", proxyUrl("/proxy/ovr-odd-type/items/1")));
        Curl twoTypes = upstreamUntouchedBy(() -> curl("-H", "Content-Type: application/json",
                "-H", "Content-Type: application/x-www-form-urlencoded", "--data", "_method=DELETE",
                proxyUrl("/proxy/ovr-two-types/items/1")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(lastDecidedMethod()).isEqualTo("DELETE");
        assertThat(twoTypes.status()).as("which Content-Type counts is ambiguous").isEqualTo(400);
    }

    @Test
    void anAllowedOverrideIsForwardedAsThatMethodWithoutTheOverride() {
        allowOnly("GET", "POST", "PATCH");

        Curl response = curl("-H", "X-HTTP-Method-Override: PATCH", "-H", "Content-Type: application/json",
                "--data", "{\"a\":1}", proxyUrl("/proxy/ovr-allowed/items/1?_method=PATCH&keep=1"));

        assertThat(response.status()).isEqualTo(200);
        RecordingUpstream.Request forwarded = UPSTREAM.last();
        assertThat(forwarded.method()).isEqualTo("PATCH");
        assertThat(forwarded.target()).isEqualTo("/base/items/1?keep=1");
        assertThat(forwarded.header("X-HTTP-Method-Override")).isNull();
        assertThat(forwarded.bodyText()).isEqualTo("{\"a\":1}");
        JsonNode event = auditEvent(response.header("Gatehouse-Audit-Id"));
        assertThat(event.path("kind").asString()).isEqualTo("REQUEST");
        assertThat(event.path("operation").path("method").asString()).isEqualTo("PATCH");
        assertThat(event.path("operation").path("query").asString()).isEqualTo("keep=1");
    }

    @Test
    void anAllowedFormOverrideIsForwardedAsThatMethodWithTheFieldRemovedFromTheBody() {
        allowOnly("POST", "PUT");

        Curl response = curl("--data", "a=1&_method=PUT&b=2", proxyUrl("/proxy/ovr-form-ok/items/1"));

        assertThat(response.status()).isEqualTo(200);
        RecordingUpstream.Request forwarded = UPSTREAM.last();
        assertThat(forwarded.method()).isEqualTo("PUT");
        assertThat(forwarded.bodyText()).isEqualTo("a=1&b=2");
        assertThat(forwarded.header("Content-Length")).isEqualTo("7");
    }

    @Test
    void conflictingOrInvalidOverridesAre400AndNeverDecided() {
        allowOnly("GET", "POST", "PUT", "DELETE");
        int decisions = POLICY.count();

        Curl conflict = upstreamUntouchedBy(() -> curl("-H", "X-HTTP-Method-Override: PUT",
                proxyUrl("/proxy/ovr-bad/items/1?_method=DELETE")));
        Curl twoHeaders = upstreamUntouchedBy(() -> curl("-H", "X-HTTP-Method-Override: PUT",
                "-H", "X-HTTP-Method: DELETE", proxyUrl("/proxy/ovr-bad/items/1")));
        Curl list = upstreamUntouchedBy(() -> curl("-H", "X-HTTP-Method-Override: PUT, DELETE",
                proxyUrl("/proxy/ovr-bad/items/1")));
        Curl invalid = upstreamUntouchedBy(() -> curl("-H", "X-HTTP-Method-Override: DE LETE",
                proxyUrl("/proxy/ovr-bad/items/1")));
        Curl formAndQuery = upstreamUntouchedBy(() -> curl("--data", "_method=PUT",
                proxyUrl("/proxy/ovr-bad/items/1?_method=DELETE")));

        for (Curl response : new Curl[] {conflict, twoHeaders, list, invalid, formAndQuery}) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/invalid-request\"");
        }
        assertThat(POLICY.count()).isEqualTo(decisions);
    }

    @Test
    void aMethodFieldInAMultipartOrJsonBodyIsRefusedRatherThanGuessed() {
        allowOnly("GET", "POST");

        Curl multipart = upstreamUntouchedBy(() -> curl("-F", "_method=DELETE", "-F", "name=x",
                proxyUrl("/proxy/ovr-multi/items/1")));
        Curl json = upstreamUntouchedBy(() -> curl("-H", "Content-Type: application/json",
                "--data", "{\"name\":\"x\",\"_method\":\"DELETE\"}", proxyUrl("/proxy/ovr-json/items/1")));

        assertThat(multipart.status()).isEqualTo(400);
        assertThat(json.status()).isEqualTo(400);
    }
}
