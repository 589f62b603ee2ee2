package dev.gatehouse.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tokens from the cluster's local issuer over HTTP, as {@code deploy/local/token.sh} gets them. */
public final class Tokens {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Tokens() {
    }

    /** A CI job's token (issuer {@code /ci}, audience {@code gatehouse}) naming its repository. */
    public static String ciJob(String subject, String repository) {
        return mint("ci", subject, "{\"repository\":\"" + repository + "\"}");
    }

    /** A person's or service's token from the company IdP ({@code /gatehouse}) in the given group. */
    public static String person(String subject, String group) {
        return mint("gatehouse", subject, "{\"groups\":[\"" + group + "\"]}");
    }

    private static String mint(String issuerId, String subject, String claims) {
        String form = "grant_type=client_credentials&client_id=cluster&client_secret=cluster&subject="
                + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "&claims=" + URLEncoder.encode(claims, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(Layout.issuer(issuerId) + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("the issuer answered " + response.statusCode());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("the issuer at " + Layout.url(Layout.ISSUER) + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
