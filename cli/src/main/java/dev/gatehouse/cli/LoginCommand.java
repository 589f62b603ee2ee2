package dev.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Gets the job's OIDC token and keeps it (0600, never printed). GitHub Actions: asks the runner's token
 * endpoint ({@code ACTIONS_ID_TOKEN_REQUEST_URL} with {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}) for the
 * audience. GitLab CI: reads the {@code id_tokens} variable named by {@code --token-variable} (default
 * {@code GATEHOUSE_ID_TOKEN}). The audience and expiry are checked here, before Gatehouse sees the token,
 * so a wrong {@code aud} fails with both values named instead of a bare 401 later.
 */
@Command(name = "login", description = "Get the CI job's OIDC token for Gatehouse (GitHub Actions or GitLab CI).")
final class LoginCommand implements Callable<Integer> {

    private final Context context;

    @Option(names = "--url", description = "the proxy's base URL (default: $GATEHOUSE_URL)")
    String url;

    @Option(names = "--audience", description = "the audience Gatehouse trusts (default: $GATEHOUSE_AUDIENCE, else gatehouse)")
    String audience;

    @Option(names = "--token-variable", description = "GitLab: the id_tokens variable (default: GATEHOUSE_ID_TOKEN)")
    String tokenVariable;

    LoginCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String base = context.url(url);
        String aud = audience != null ? audience : context.get("GATEHOUSE_AUDIENCE") != null
                ? context.get("GATEHOUSE_AUDIENCE") : "gatehouse";
        String token = fetch(aud);
        JsonNode claims = Jwt.claims(token);
        Jwt.checkAudience(claims, aud);
        Instant expires = Jwt.checkExpiry(claims, Clock.systemUTC());
        State state = new State(context);
        state.saveToken(token);
        state.saveSession(base, aud, Instant.now());
        context.out().println("logged in to " + base + " as " + claims.path("sub").asString("?") + " (issuer "
                + claims.path("iss").asString("?") + ", audience " + aud + "); the token expires at " + expires);
        return 0;
    }

    private String fetch(String aud) {
        String requestUrl = context.get("ACTIONS_ID_TOKEN_REQUEST_URL");
        String requestToken = context.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        if (requestUrl != null && requestToken != null) {
            return github(requestUrl, requestToken, aud);
        }
        String variable = tokenVariable != null ? tokenVariable : "GATEHOUSE_ID_TOKEN";
        String token = context.get(variable);
        if (token != null) {
            return token.strip();
        }
        throw new CliFailure(CliFailure.USAGE, "no CI token: on GitHub Actions give the job `permissions: id-token: write`"
                + " (ACTIONS_ID_TOKEN_REQUEST_URL is unset); on GitLab CI declare `id_tokens: " + variable
                + ": {aud: " + aud + "}` (the variable " + variable + " is unset)");
    }

    /** GitHub's runner answers {"value": "<jwt>"} for {@code &audience=}. */
    private static String github(String requestUrl, String requestToken, String aud) {
        String uri = requestUrl + (requestUrl.contains("?") ? "&" : "?") + "audience="
                + URLEncoder.encode(aud, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "bearer " + requestToken).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw CliFailure.error("GitHub's OIDC token endpoint answered " + response.statusCode());
            }
            String value = State.JSON.readTree(response.body()).path("value").asString(null);
            if (value == null) {
                throw CliFailure.error("GitHub's OIDC token endpoint answered without a token");
            }
            return value;
        } catch (IOException e) {
            throw CliFailure.error("cannot reach GitHub's OIDC token endpoint: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.error("interrupted");
        }
    }
}
