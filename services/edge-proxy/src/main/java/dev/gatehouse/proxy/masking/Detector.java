package dev.gatehouse.proxy.masking;

/**
 * The detectors, by the id policies name them with. Matching does not run these shapes as regexes over a
 * whole body (that would be twenty passes): {@link Scanner} makes one pass looking for cheap anchors and
 * the family matchers check the shape and the validator around an anchor only. {@code shape} documents
 * that exact shape (MASKING.md is generated from the same words) and is what the tests hold matches to.
 * <p>
 * {@code priority} settles overlaps: a specific token (a {@code ghp_} token after {@code Bearer }) wins
 * over the generic detector that also saw it, so the audit trail says what leaked. {@code partial} says
 * what the PARTIAL style may keep: never more than four characters of anything secret.
 */
public enum Detector {

    AWS_ACCESS_KEY("aws-access-key", Group.SECRETS, 3, Partial.PREFIX,
            "(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}", "word boundaries on both sides"),
    AWS_SECRET_KEY("aws-secret-key", Group.SECRETS, 3, Partial.NONE,
            "[A-Za-z0-9/+]{40}", "only as the value of an AWS secret key name (aws_secret_access_key, "
            + "SecretAccessKey, ...) or within 256 chars after an access key id; mixed case and digits"),
    GITHUB_TOKEN("github-token", Group.SECRETS, 3, Partial.PREFIX,
            "gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,250}", "not a placeholder (>= 10 distinct chars)"),
    GITLAB_TOKEN("gitlab-token", Group.SECRETS, 3, Partial.PREFIX,
            "glpat-[A-Za-z0-9_.-]{20,100}", "not a placeholder"),
    SLACK_TOKEN("slack-token", Group.SECRETS, 3, Partial.PREFIX,
            "xox[abeoprs](\\.xox[abeoprs])?-[A-Za-z0-9-]{10,250}", "at least two '-' separated parts, digits"),
    STRIPE_KEY("stripe-key", Group.SECRETS, 3, Partial.PREFIX,
            "[sr]k_live_[A-Za-z0-9]{20,247}", "live keys only (test keys are not secrets of value); not a placeholder"),
    GOOGLE_API_KEY("google-api-key", Group.SECRETS, 3, Partial.PREFIX,
            "AIza[A-Za-z0-9_-]{35}", "exactly 39 chars, word boundary after"),
    JWT("jwt", Group.SECRETS, 3, Partial.NONE,
            "eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*", "header base64url-decodes to a JSON object with \"alg\""),
    PRIVATE_KEY("private-key", Group.SECRETS, 3, Partial.NONE,
            "-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----.*?-----END [A-Z ]*-----",
            "the whole block; without an END line, the base64 run that follows"),
    BEARER_TOKEN("bearer-token", Group.SECRETS, 2, Partial.NONE,
            "(?i:bearer)[ \\t]+[A-Za-z0-9._~+/-]{16,4096}=*", "random-looking (letters and digits, or long mixed case)"),
    BASIC_AUTH("basic-auth", Group.SECRETS, 2, Partial.NONE,
            "(?i:basic)[ \\t]+[A-Za-z0-9+/]{4,1024}={0,2}", "decodes to printable user:password"),
    URI_PASSWORD("uri-password", Group.SECRETS, 2, Partial.NONE,
            "[a-z][a-z0-9+.-]*://[^:/@\\s]*:PASSWORD@host", "password not empty and not a placeholder"),
    SECRET_ASSIGNMENT("secret-assignment", Group.SECRETS, 1, Partial.NONE,
            "(password|passwd|pwd|pass|secret|token|api_key|access_key|private_key|credentials|...)\\s*[=:]\\s*VALUE",
            "also a JSON field, header or column with such a name; value not a placeholder or reference, "
            + ">= 6 chars, two character classes or >= 16 chars"),
    EMAIL("email", Group.PII, 2, Partial.EMAIL_DOMAIN,
            "[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,24}",
            "not URI userinfo, not scp-style git@host:path, no file-extension TLD (icon@2x.png)"),
    CARD("card", Group.PII, 2, Partial.LAST4,
            "\\d{13,19} or 4-4-4-4(-1..3) / 4-6-5 / 4-6-4 groups with ' ' or '-'",
            "Luhn, known issuer prefix (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro)"),
    IBAN("iban", Group.PII, 2, Partial.LAST4,
            "[A-Z]{2}\\d{2}[A-Z0-9]{11,30}, optionally in groups of four", "country length table and mod-97 = 1"),
    SSN("ssn", Group.PII, 2, Partial.LAST4,
            "\\d{3}-\\d{2}-\\d{4}", "area not 000/666/9xx, group not 00, serial not 0000"),
    PHONE("phone", Group.PII, 2, Partial.LAST4,
            "\\+\\d{1,3}[ .-]?(\\d[ .-]?){6,13}\\d | (\\d{3}) \\d{3}-\\d{4} | \\d{3}[-. ]\\d{3}[-. ]\\d{4}",
            "8-15 digits; NANP area and exchange start with 2-9; opt-in: only when named");

    /** Which group name selects a detector; opt-in detectors are selected by their own id only. */
    public enum Group { SECRETS, PII }

    /** What the PARTIAL style keeps. */
    enum Partial {
        /** nothing: the secret is redacted whole */
        NONE,
        /** the public type prefix ({@code ghp_}, {@code AKIA}, {@code sk_live_}), never secret material */
        PREFIX,
        /** the last four letters/digits, separators kept in place */
        LAST4,
        /** the domain of an e-mail address */
        EMAIL_DOMAIN
    }

    private static final Detector[] VALUES = values();

    private final String id;
    private final Group group;
    private final int priority;
    private final Partial partial;
    private final String shape;
    private final String validator;
    final byte[] redaction;

    Detector(String id, Group group, int priority, Partial partial, String shape, String validator) {
        this.id = id;
        this.group = group;
        this.priority = priority;
        this.partial = partial;
        this.shape = shape;
        this.validator = validator;
        this.redaction = ("[REDACTED:" + id + "]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public String id() {
        return id;
    }

    public Group group() {
        return group;
    }

    /** Phone numbers are everywhere in business data; masking them must be asked for by name. */
    public boolean optIn() {
        return this == PHONE;
    }

    public String shape() {
        return shape;
    }

    public String validator() {
        return validator;
    }

    int priority() {
        return priority;
    }

    Partial partial() {
        return partial;
    }

    static Detector ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
