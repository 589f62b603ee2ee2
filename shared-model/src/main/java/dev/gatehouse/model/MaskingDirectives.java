package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the proxy masks in what flows back to the caller, as a policy rule states it. {@code fields}
 * are JSON field paths ({@code $.user.password}, {@code items[*].token}, {@code **.apiKey}),
 * {@code columns} PostgreSQL result column names (case-insensitive globs), {@code detectors} detector
 * ids or groups ({@code secrets}, {@code pii}, {@code all}) run over every string value. {@code style}
 * says how a match is replaced; {@code oversize} what happens to a body too large to scan.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MaskingDirectives(List<String> fields, List<String> columns, List<String> detectors,
                               MaskingStyle style, OversizeAction oversize) {

    /** Nothing named, default detectors only; what a rule without a {@code masking} block gets. */
    public static final MaskingDirectives DEFAULT = new MaskingDirectives(List.of(), List.of(),
            List.of("secrets"), MaskingStyle.REDACT, OversizeAction.REFUSE);

    /**
     * Every name {@code detectors} may hold: the groups, then the detector ids the proxy implements
     * (its catalog is tested to match this list), so a policy with a typo is refused when it is loaded.
     */
    public static final List<String> DETECTOR_NAMES = List.of("all", "secrets", "pii",
            "aws-access-key", "aws-secret-key", "github-token", "gitlab-token", "slack-token", "stripe-key",
            "google-api-key", "jwt", "private-key", "bearer-token", "basic-auth", "uri-password", "secret-assignment",
            "email", "card", "iban", "ssn", "phone");

    public MaskingDirectives {
        fields = fields == null ? List.of() : List.copyOf(fields);
        columns = columns == null ? List.of() : List.copyOf(columns);
        detectors = detectors == null ? List.of() : List.copyOf(detectors);
        style = style == null ? MaskingStyle.REDACT : style;
        oversize = oversize == null ? OversizeAction.REFUSE : oversize;
    }

    public enum MaskingStyle {
        /** {@code [REDACTED:aws-access-key]} */
        REDACT,
        /** keep the last four characters (cards, account numbers), redact the rest */
        PARTIAL,
        /** a keyed hash (HMAC), stable per tenant: correlatable in the audit trail, never revealing */
        HASH
    }

    public enum OversizeAction {
        /** a body over the scan limit is refused: fail safe */
        REFUSE,
        /** the policy accepts that an over-limit body passes unmasked (recorded in the audit event) */
        PASS
    }
}
