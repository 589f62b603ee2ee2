package dev.gatehouse.cli;

import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a JWT's claims without verifying it: Gatehouse verifies the signature; the CLI only checks what
 * would make Gatehouse refuse it (audience, expiry) so the job fails early with a message that says why.
 */
final class Jwt {

    private Jwt() {
    }

    static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw CliFailure.error("the CI token is not a JWT");
        }
        try {
            return State.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (RuntimeException e) {
            throw CliFailure.error("the CI token's claims cannot be read");
        }
    }

    static void checkAudience(JsonNode claims, String expected) {
        List<String> actual = new ArrayList<>();
        JsonNode aud = claims.path("aud");
        if (aud.isArray()) {
            aud.forEach(value -> actual.add(value.asString()));
        } else if (aud.isString()) {
            actual.add(aud.asString());
        }
        if (!actual.contains(expected)) {
            throw CliFailure.error("the CI token is for audience " + (actual.isEmpty() ? "(none)" : String.join(", ", actual))
                    + " but Gatehouse expects " + expected + ": request it with that audience"
                    + " (GitHub: the action's audience input; GitLab: id_tokens: ...: aud: " + expected + ")");
        }
    }

    static Instant checkExpiry(JsonNode claims, Clock clock) {
        if (!claims.path("exp").isNumber()) {
            throw CliFailure.error("the CI token has no expiry (exp)");
        }
        Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!expires.isAfter(clock.instant())) {
            throw CliFailure.error("the CI token expired at " + expires + " (now " + clock.instant() + ")");
        }
        return expires;
    }
}
