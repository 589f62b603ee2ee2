package dev.gatehouse.local;

import dev.gatehouse.testkit.OidcIssuer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Registers the demo through the same admin REST APIs an operator uses: connection {@code demo-http}
 * pointing at the echo target, its upstream credential in the vault, and the demo policy (GET allowed
 * for any caller whose token carries a {@code repository} claim; DELETE denied everywhere).
 */
public final class DemoSetup {

    public static final String CONNECTION = "demo-http";
    public static final String ALLOW_RULE = "allow-get-with-repository";
    public static final String DENY_RULE = "deny-delete";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String adminToken;

    private DemoSetup(String adminToken) {
        this.adminToken = adminToken;
    }

    /** Seeds the demo and returns the upstream token stored in the vault (so tests can check injection). */
    public static String seed(Suite suite) {
        String upstreamToken = "demo-upstream-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        DemoSetup setup = new DemoSetup(suite.infra().oidc().internalToken("local-admin", "gatehouse-admin"));
        String policy = suite.url("policy-service");
        setup.send("POST", policy + "/api/v1/connections", """
                {"name":"%s","protocol":"HTTP","upstream":"%s","description":"Demo HTTP echo service"}"""
                .formatted(CONNECTION, suite.infra().echo().url()));
        setup.send("POST", policy + "/api/v1/rules", """
                {"id":"%s","description":"Reads by any CI job that names its repository","connection":"%s",
                 "methods":["GET"],"path":"/**","claims":{"repository":"*"},"verdict":"ALLOW","audit":"WRITE_AHEAD",
                 "priority":100}""".formatted(ALLOW_RULE, CONNECTION));
        setup.send("POST", policy + "/api/v1/rules", """
                {"id":"%s","description":"Nobody deletes through Gatehouse","connection":"*","methods":["DELETE"],
                 "path":"/**","claims":{},"verdict":"DENY","audit":"WRITE_AHEAD","priority":10}""".formatted(DENY_RULE));
        setup.send("PUT", suite.url("credential-vault") + "/api/v1/secrets/" + CONNECTION, """
                {"type":"BEARER","secret":"%s"}""".formatted(upstreamToken));
        return upstreamToken;
    }

    private void send(String method, String url, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + URI.create(url).getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
