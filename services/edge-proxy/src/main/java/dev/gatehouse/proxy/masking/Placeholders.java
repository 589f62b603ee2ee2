package dev.gatehouse.proxy.masking;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values that stand where a secret would but are not one: template and environment references
 * ({@code ${DB_PASSWORD}}, {@code {{ secrets.X }}}, {@code $TOKEN}, {@code os.getenv("X")}), environment
 * variable names, documentation dummies ({@code changeme}, {@code <password>}, {@code your-api-key-here}),
 * masks ({@code ****}) and our own redaction tokens (so masking twice is a no-op). Configuration and code
 * are full of these; flagging them would bury the agent's work in false positives.
 */
final class Placeholders {

    private static final List<String> PREFIXES = List.of("${", "{{", "#{", "%(", "%s", "<", "[redacted", "[hmac:",
            "$(", "!vault", "!secret", "!ref", "vault:", "env:", "enc(", "arn:", "secretref:", "file:", "@/");
    private static final Set<String> WORDS = Set.of("password", "passwd", "pass", "secret", "changeme", "changeit",
            "example", "sample", "test", "testing", "dummy", "foobar", "default", "redacted", "hidden", "masked",
            "none", "null", "nil", "undefined", "true", "false", "required", "optional", "empty", "string", "value",
            "token", "placeholder", "todo", "tbd", "fixme", "notset", "unset", "secretvalue", "yourpassword",
            "mypassword", "apikey", "accesstoken", "secretkey", "privatekey", "xxx", "abc123", "password123",
            "supersecret", "letmein", "omitted", "sensitive", "generated", "random", "auto", "prompt", "ask");
    private static final List<String> MARKERS = List.of("your", "example", "placeholder", "changeme", "change_me",
            "redacted", "replace", "insert", "xxxx", "dummy", "fake", "sample", "<", ">");
    /** a call or an index into code: {@code getenv("X")}, {@code config["x"]}, {@code os.environ.get(} */
    private static final Pattern CALL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*[(\\[].*");
    /** a dotted name: {@code settings.DB_PASSWORD}, {@code process.env.TOKEN} */
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    /** an environment variable name: {@code DB_PASSWORD}, {@code GITHUB_TOKEN} */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+");

    private Placeholders() {
    }

    /** A placeholder, or a reference into code (for values assigned to a secret name). */
    static boolean isOrReference(byte[] a, int from, int to) {
        if (is(a, from, to)) {
            return true;
        }
        String value = new String(a, from, to - from, StandardCharsets.UTF_8);
        return CALL.matcher(value).matches() || (DOTTED.matcher(value).matches() && !randomSegment(value));
    }

    /** Template references, dummies and masks; not code references ({@code ya29.a0Af...} is a token, not a name). */
    static boolean is(byte[] a, int from, int to) {
        if (to <= from || Ascii.distinct(a, from, to) <= 2) {
            return true;
        }
        String value = new String(a, from, to - from, StandardCharsets.UTF_8);
        String lower = value.toLowerCase(Locale.ROOT);
        for (String prefix : PREFIXES) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        if (value.length() > 1 && value.charAt(0) == '$' && isReferenceStart(value.charAt(1))) {
            return true;
        }
        String squashed = lower.replace("-", "").replace("_", "").replace(" ", "");
        if (WORDS.contains(squashed) || ENV_NAME.matcher(value).matches()) {
            return true;
        }
        for (String marker : MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Token segments look random (long, or digits amid mixed case); names in code do not. */
    private static boolean randomSegment(String dotted) {
        for (String segment : dotted.split("\\.")) {
            long digits = segment.chars().filter(Character::isDigit).count();
            boolean mixed = !segment.equals(segment.toLowerCase(Locale.ROOT)) && !segment.equals(segment.toUpperCase(Locale.ROOT));
            if (segment.length() >= 20 || (digits >= 2 && mixed)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReferenceStart(char c) {
        return c == '{' || c == '(' || c == '_' || Character.isLetter(c);
    }
}
