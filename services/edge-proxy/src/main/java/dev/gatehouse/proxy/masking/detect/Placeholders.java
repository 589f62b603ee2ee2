package dev.gatehouse.proxy.masking.detect;

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
            "supersecret", "letmein", "omitted", "sensitive", "generated", "random", "auto", "prompt", "ask",
            "passphrase", "credential", "credentials");
    private static final List<String> MARKERS = List.of("your", "example", "placeholder", "changeme", "change_me",
            "redacted", "replace", "insert", "xxxx", "dummy", "fake", "sample", "<", ">");
    /** a call or an index into code: {@code getenv("X")}, {@code config["x"]}, {@code os.environ.get(} */
    private static final Pattern CALL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*[(\\[].*");
    /** a dotted name: {@code settings.DB_PASSWORD}, {@code process.env.TOKEN} */
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    /** string concatenation and operators in code: {@code "token='" + token + "'"}, {@code i.credentials||S.credentials} */
    private static final Pattern CODE = Pattern.compile("[\"'] \\+|\\+ [\"']|\\|\\||&&|==|!=|=>");
    /** a mask in brackets: {@code [PROTECTED]}, {@code [hidden]}, {@code [FILTERED]} */
    private static final Pattern BRACKETED = Pattern.compile("\\[[A-Za-z _-]+]?");
    private static final String LEET = "0134$@+7!5";
    private static final String PLAIN = "oieasattis";
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "passphrase", "secret", "token",
            "credential", "apikey", "privatekey");
    /** an environment variable name: {@code DB_PASSWORD}, {@code GITHUB_TOKEN} */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+");

    private Placeholders() {
    }

    /**
     * A placeholder, or a reference into code (for values assigned to a secret name): source code assigns
     * secret-named variables all the time ({@code this.clientSecret = clientSecret;},
     * {@code CsrfToken token = (CsrfToken) request.get(...)}, {@code String PASSWORD = "user-password";}).
     */
    static boolean isOrReference(byte[] a, int from, int to) {
        if (is(a, from, to)) {
            return true;
        }
        String value = new String(a, from, to - from, StandardCharsets.UTF_8);
        char first = value.charAt(0);
        if (",;)(+".indexOf(first) >= 0 || Character.isWhitespace(first) || identifier(value) || namesASecret(value)) {
            return true;
        }
        // the patterns only where their punctuation occurs: a random token has none of it, and is long
        boolean call = value.indexOf('(') >= 0 || value.indexOf('[') >= 0;
        boolean dot = value.indexOf('.') >= 0;
        return (call && (CALL.matcher(value).matches() || callInside(value)))
                || (dot && ((DOTTED.matcher(value).matches() && !randomSegment(value))
                        || (first == '!' && DOTTED.matcher(value.substring(1)).matches())))
                || (codeOperator(value) && CODE.matcher(value).find());
    }

    /** A call inside an expression: {@code " + header.apiKey() + "}: a name, '(' and a ')' after it. */
    private static boolean callInside(String value) {
        int close = value.lastIndexOf(')');
        for (int k = value.indexOf('('); k > 0 && k < close; k = value.indexOf('(', k + 1)) {
            char c = value.charAt(k - 1);
            if (Character.isLetterOrDigit(c) || c == '_') {
                return true;
            }
        }
        return false;
    }

    private static boolean codeOperator(String value) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '+' || c == '|' || c == '&' || c == '=' || c == '>') {
                return true;
            }
        }
        return false;
    }

    /** A camelCase name ({@code managerPassword}, {@code OAuthBearerToken}): letters only, a few humps. */
    private static boolean identifier(String value) {
        int humps = 0;
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (!Character.isLetter(c) && c != '_') {
                return false;
            }
            humps += k > 0 && Character.isUpperCase(c) && Character.isLowerCase(value.charAt(k - 1)) ? 1 : 0;
        }
        return humps >= 1 && humps <= 4 && humps * 6 <= value.length(); // random mixed case has far more humps
    }

    /** A name echoing a secret word ({@code "client-secret"}, {@code opaqueToken}): an attribute key, not a value. */
    private static boolean namesASecret(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (int k = 0; k < lower.length(); k++) {
            char c = lower.charAt(k);
            if (!(c >= 'a' && c <= 'z') && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        String squashed = lower.replace("-", "").replace("_", "").replace(".", "");
        for (String word : SECRET_WORDS) {
            if (squashed.contains(word)) {
                return true;
            }
        }
        return false;
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
        if (WORDS.contains(squashed) || WORDS.contains(unleet(squashed)) || ENV_NAME.matcher(value).matches()
                || BRACKETED.matcher(value).matches()) {
            return true;
        }
        for (String marker : MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Leetspeak undone ({@code $3cr3+}, {@code P@ssw0rd}): documentation's dummies dressed as passwords. */
    private static String unleet(String lower) {
        StringBuilder sb = new StringBuilder(lower.length());
        for (int k = 0; k < lower.length(); k++) {
            int at = LEET.indexOf(lower.charAt(k));
            sb.append(at >= 0 ? PLAIN.charAt(at) : lower.charAt(k));
        }
        return sb.toString();
    }

    /** Token segments look random (long, or digits amid mixed case); names in code do not. */
    private static boolean randomSegment(String dotted) {
        for (String segment : dotted.split("\\.")) {
            long digits = segment.chars().filter(Character::isDigit).count();
            boolean mixed = !segment.equals(segment.toLowerCase(Locale.ROOT)) && !segment.equals(segment.toUpperCase(Locale.ROOT));
            boolean name = identifier(segment) || ENV_NAME.matcher(segment).matches();
            if ((segment.length() >= 20 && !name) || (digits >= 2 && mixed)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReferenceStart(char c) {
        return c == '{' || c == '(' || c == '_' || Character.isLetter(c);
    }
}
