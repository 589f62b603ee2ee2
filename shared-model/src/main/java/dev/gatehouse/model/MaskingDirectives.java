package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the proxy masks in what flows back to the caller, as a policy rule states it. {@code fields}
 * are JSON field paths ({@code $.user.password}, {@code items[*].token}, {@code **.apiKey}),
 * {@code columns} PostgreSQL result column names (case-insensitive globs), {@code detectors} detector
 * ids, families ({@code ai-providers}, {@code cloud}, {@code vcs}, ...) or groups ({@code secrets},
 * {@code pii}, {@code all}) run over every string value. {@code style}
 * says how a match is replaced; {@code oversize} what happens to a body too large to scan.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MaskingDirectives(List<String> fields, List<String> columns, List<String> detectors,
                               MaskingStyle style, OversizeAction oversize) {

    /** Nothing named, default detectors only; what a rule without a {@code masking} block gets. */
    public static final MaskingDirectives DEFAULT = new MaskingDirectives(List.of(), List.of(),
            List.of("secrets"), MaskingStyle.REDACT, OversizeAction.REFUSE);

    /**
     * Every name {@code detectors} may hold: the groups ({@code all}; {@code secrets} = every family but
     * {@code pii}), the families, then the detector ids the proxy implements, family by family (its
     * catalog is tested to match this list exactly), so a policy with a typo is refused when it is loaded.
     */
    public static final List<String> DETECTOR_NAMES = List.of("all", "secrets",
            "ai-providers", "cloud", "vcs", "package-registries", "payments", "messaging", "saas", "observability",
            "devops", "databases", "generic", "pii",
            // ai-providers
            "anthropic-api-key", "anthropic-admin-key", "openai-api-key", "openrouter-api-key", "llm-api-key",
            "huggingface-token", "groq-api-key", "replicate-api-token", "perplexity-api-key", "xai-api-key",
            "nvidia-api-key", "langsmith-api-key", "pinecone-api-key", "elevenlabs-api-key", "aws-bedrock-api-key",
            "cohere-api-key", "mistral-api-key", "azure-openai-key",
            // cloud
            "aws-access-key", "aws-secret-key", "aws-session-token", "google-api-key", "google-oauth-secret",
            "google-oauth-token", "azure-storage-key", "azure-shared-access-key", "azure-sas-token",
            "azure-ad-client-secret", "digitalocean-token", "alibaba-access-key", "tencent-secret-id", "heroku-api-key",
            "flyio-token", "cloudflare-origin-ca-key", "cloudflare-api-token", "yandex-cloud-key", "openshift-token",
            "netlify-token",
            // vcs
            "github-token", "gitlab-token", "gitlab-deploy-token", "gitlab-runner-token", "gitlab-ci-token",
            "gitlab-oauth-secret", "gitlab-agent-token", "gitlab-feed-token", "gitlab-mail-token", "gitlab-scim-token",
            "gitlab-feature-flag-token", "bitbucket-app-password", "sourcegraph-token",
            // package-registries
            "npm-token", "pypi-token", "rubygems-token", "nuget-api-key", "clojars-token", "crates-io-token",
            "docker-hub-token", "artifactory-token",
            // payments
            "stripe-key", "stripe-webhook-secret", "square-token", "braintree-token", "flutterwave-key", "plaid-token",
            // messaging
            "slack-token", "slack-app-token", "slack-webhook-url", "discord-webhook-url", "discord-bot-token",
            "telegram-bot-token", "teams-webhook-url", "twilio-api-key", "twilio-auth-token", "sendgrid-api-key",
            "mailgun-api-key", "mailchimp-api-key", "brevo-api-key",
            // saas
            "notion-token", "linear-api-key", "airtable-token", "atlassian-api-token", "hubspot-token", "shopify-token",
            "figma-token", "typeform-token", "dropbox-token", "mapbox-secret-token", "postman-api-key",
            "readme-api-key", "easypost-api-key", "shippo-api-token", "duffel-api-token", "contentful-token",
            "facebook-access-token", "twitter-bearer-token", "launchdarkly-key", "frameio-token",
            // observability
            "sentry-token", "grafana-token", "datadog-api-key", "new-relic-key", "dynatrace-token",
            "posthog-personal-key",
            // devops
            "vault-token", "terraform-cloud-token", "pulumi-token", "doppler-token", "sonar-token",
            "octopus-deploy-key", "infracost-token", "prefect-token", "harness-token", "buildkite-token",
            "circleci-token", "tailscale-key", "1password-secret", "okta-token",
            // databases
            "databricks-token", "planetscale-token", "planetscale-password", "clickhouse-cloud-key", "supabase-token",
            "aiven-password",
            // generic
            "jwt", "private-key", "age-secret-key", "bearer-token", "basic-auth", "uri-password", "secret-assignment",
            // pii
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
