package dev.gatehouse.cli;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The proxy's caller API with the saved token. A non-2xx answer becomes a {@link CliFailure} carrying the
 * problem's {@code detail}; the token never appears in a message.
 */
final class Api {

    record Reply(int status, JsonNode body) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String url;
    private final String token;

    Api(String url, String token) {
        this.url = url;
        this.token = token;
    }

    static Api of(Context context, String urlOption) {
        State state = new State(context);
        String url = urlOption != null || context.get("GATEHOUSE_URL") != null ? context.url(urlOption)
                : state.session().path("url").asString(null);
        if (url == null) {
            throw new CliFailure(CliFailure.USAGE, "no Gatehouse URL: pass --url, set GATEHOUSE_URL or run gatehouse login");
        }
        return new Api(url, state.token());
    }

    String url() {
        return url;
    }

    String token() {
        return token;
    }

    JsonNode get(String path) {
        return ok(send("GET", path, null, Duration.ofSeconds(30)), path);
    }

    JsonNode post(String path, JsonNode body) {
        return ok(send("POST", path, body, Duration.ofSeconds(30)), path);
    }

    /** The answer whatever its status (for callers that handle some statuses themselves). */
    Reply send(String method, String path, JsonNode body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(State.JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? State.JSON.createObjectNode() : State.JSON.readTree(response.body());
            return new Reply(response.statusCode(), json);
        } catch (IOException e) {
            throw CliFailure.error("cannot reach Gatehouse at " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.error("interrupted");
        } catch (RuntimeException e) {
            throw CliFailure.error(method + " " + path + ": the answer is not JSON");
        }
    }

    static JsonNode ok(Reply reply, String path) {
        if (reply.status() / 100 == 2) {
            return reply.body();
        }
        String detail = reply.body().path("detail").asString("");
        String message = switch (reply.status()) {
            case 401 -> "Gatehouse refused the token (401): it expired or is for another audience; run gatehouse login again";
            default -> path + " answered " + reply.status() + (detail.isEmpty() ? "" : ": " + detail);
        };
        throw CliFailure.error(message);
    }
}
