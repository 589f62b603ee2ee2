package dev.gatehouse.proxy.masking.detect;

/**
 * The detectors, by the id policies name them with, each in the {@link Family} a policy can name as a
 * whole. Matching does not run these shapes as regexes over a whole body (that would be a hundred
 * passes): {@link Scanner} makes one pass looking for cheap anchors and the matchers check the shape and
 * the validator around an anchor only. For the credential formats with a literal prefix ({@link
 * TokenFormats}) the {@code shape} below IS the regex checked at the anchor, so the documentation cannot
 * drift from what is matched; for the others it documents the hand-written matcher. MASKING.md's
 * detector table is generated from these words (and tested to be).
 * <p>
 * {@code priority} settles overlaps: a specific token (a {@code ghp_} token after {@code Bearer }) wins
 * over the generic detector that also saw it, so the audit trail says what leaked. {@code partial} says
 * what the PARTIAL style may keep: never more than four characters of anything secret.
 */
public enum Detector {

    // ai-providers
    ANTHROPIC_API_KEY("anthropic-api-key", Family.AI_PROVIDERS, "sk-ant-api03-[A-Za-z0-9_-]{93}AA"),
    ANTHROPIC_ADMIN_KEY("anthropic-admin-key", Family.AI_PROVIDERS, "sk-ant-admin01-[A-Za-z0-9_-]{93}AA"),
    OPENAI_API_KEY("openai-api-key", Family.AI_PROVIDERS,
            "sk-(proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"),
    OPENROUTER_API_KEY("openrouter-api-key", Family.AI_PROVIDERS, "sk-or-v1-[0-9a-f]{64}"),
    LLM_API_KEY("llm-api-key", Family.AI_PROVIDERS, "sk-[A-Za-z0-9]{32,64}",
            "OpenAI-compatible providers (DeepSeek, Moonshot, DashScope, LiteLLM, ...): letters and digits, >= 12 distinct"),
    HUGGINGFACE_TOKEN("huggingface-token", Family.AI_PROVIDERS, "(hf_|api_org_)[A-Za-z]{34}",
            ">= 6 upper- and >= 6 lower-case letters (random, not a camelCase name)"),
    GROQ_API_KEY("groq-api-key", Family.AI_PROVIDERS, "gsk_[A-Za-z0-9]{52}"),
    REPLICATE_API_TOKEN("replicate-api-token", Family.AI_PROVIDERS, "r8_[A-Za-z0-9_-]{37}"),
    PERPLEXITY_API_KEY("perplexity-api-key", Family.AI_PROVIDERS, "pplx-[A-Za-z0-9]{48}"),
    XAI_API_KEY("xai-api-key", Family.AI_PROVIDERS, "xai-[A-Za-z0-9_]{80}"),
    NVIDIA_API_KEY("nvidia-api-key", Family.AI_PROVIDERS, "nvapi-[A-Za-z0-9_-]{64}"),
    LANGSMITH_API_KEY("langsmith-api-key", Family.AI_PROVIDERS, "lsv2_(pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}"),
    PINECONE_API_KEY("pinecone-api-key", Family.AI_PROVIDERS, "pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}"),
    ELEVENLABS_API_KEY("elevenlabs-api-key", Family.AI_PROVIDERS, "sk_[0-9a-f]{48}"),
    AWS_BEDROCK_API_KEY("aws-bedrock-api-key", Family.AI_PROVIDERS, "ABSK[A-Za-z0-9+/]{109,269}={0,2}"),
    COHERE_API_KEY("cohere-api-key", Family.AI_PROVIDERS, "[A-Za-z0-9]{40}",
            "named: only under a name containing cohere (COHERE_API_KEY, CO_API_KEY)"),
    MISTRAL_API_KEY("mistral-api-key", Family.AI_PROVIDERS, "[A-Za-z0-9]{32}",
            "named: only under a name containing mistral"),
    AZURE_OPENAI_KEY("azure-openai-key", Family.AI_PROVIDERS, "[0-9a-f]{32}|[A-Za-z0-9]{84}",
            "named: only under a name containing azure and openai"),

    // cloud
    AWS_ACCESS_KEY("aws-access-key", Family.CLOUD, 3, Partial.PREFIX,
            "(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}", "word boundaries on both sides"),
    AWS_SECRET_KEY("aws-secret-key", Family.CLOUD, 3, Partial.NONE,
            "[A-Za-z0-9/+]{40}", "only as the value of an AWS secret key name (aws_secret_access_key, "
            + "SecretAccessKey, ...) or within 256 chars after an access key id or the word aws; mixed case and digits"),
    AWS_SESSION_TOKEN("aws-session-token", Family.CLOUD,
            "(IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)[A-Za-z0-9+/]{100,2000}={0,2}",
            "the STS token's fixed base64 header (\"origin_ec\" / \"aws\")"),
    GOOGLE_API_KEY("google-api-key", Family.CLOUD, 3, Partial.PREFIX,
            "AIza[A-Za-z0-9_-]{35}", "exactly 39 chars, word boundary after"),
    GOOGLE_OAUTH_SECRET("google-oauth-secret", Family.CLOUD, "GOCSPX-[A-Za-z0-9_-]{28}"),
    GOOGLE_OAUTH_TOKEN("google-oauth-token", Family.CLOUD, "ya29\\.[A-Za-z0-9_.-]{30,2048}|1//0[A-Za-z0-9_-]{40,512}",
            "access (ya29.) and refresh (1//0) tokens; random-looking body"),
    AZURE_STORAGE_KEY("azure-storage-key", Family.CLOUD, "AccountKey=(?<s>[A-Za-z0-9+/]{86}==)",
            "the 64-byte key of a storage connection string; only the key is masked"),
    AZURE_SHARED_ACCESS_KEY("azure-shared-access-key", Family.CLOUD, "SharedAccessKey=(?<s>[A-Za-z0-9+/]{43}=)",
            "Service Bus, Event Hubs, IoT Hub connection strings; only the key is masked"),
    AZURE_SAS_TOKEN("azure-sas-token", Family.CLOUD, "sig=(?<s>([A-Za-z0-9+/]|%2[BbFf]){43}(=|%3[Dd]))",
            "the signature of a SAS URL: (URL-encoded) base64 of 32 bytes; only the signature is masked"),
    AZURE_AD_CLIENT_SECRET("azure-ad-client-secret", Family.CLOUD, "[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}",
            "anchored at the '~' of the version marker"),
    DIGITALOCEAN_TOKEN("digitalocean-token", Family.CLOUD, "do[por]_v1_[0-9a-f]{64}"),
    ALIBABA_ACCESS_KEY("alibaba-access-key", Family.CLOUD, "LTAI[A-Za-z0-9]{12,20}", "letters and digits, random"),
    TENCENT_SECRET_ID("tencent-secret-id", Family.CLOUD, "AKID[A-Za-z0-9]{32}", "letters and digits, random"),
    HEROKU_API_KEY("heroku-api-key", Family.CLOUD,
            "HRKU-AA[A-Za-z0-9_-]{58}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "the UUID form only under a name containing heroku"),
    FLYIO_TOKEN("flyio-token", Family.CLOUD, "fo1_[A-Za-z0-9_-]{43}|fm(1[ar]|2)_[A-Za-z0-9+/=,_-]{100,4000}"),
    CLOUDFLARE_ORIGIN_CA_KEY("cloudflare-origin-ca-key", Family.CLOUD, "v1\\.0-[0-9a-f]{24}-[0-9a-f]{146}"),
    CLOUDFLARE_API_TOKEN("cloudflare-api-token", Family.CLOUD, "[A-Za-z0-9_-]{40}|[0-9a-f]{37}",
            "named: only under a name containing cloudflare or cf_api (API token, global key)"),
    YANDEX_CLOUD_KEY("yandex-cloud-key", Family.CLOUD, "AQVN[A-Za-z0-9_-]{35,38}"),
    OPENSHIFT_TOKEN("openshift-token", Family.CLOUD, "sha256~[A-Za-z0-9_-]{43}"),
    NETLIFY_TOKEN("netlify-token", Family.CLOUD, "nfp_[A-Za-z0-9_]{36}"),

    // vcs
    GITHUB_TOKEN("github-token", Family.VCS, 3, Partial.PREFIX,
            "gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,250}",
            "36-char bodies carry GitHub's CRC32 (last 6 chars, base62) and must match it; others >= 10 distinct chars"),
    GITLAB_TOKEN("gitlab-token", Family.VCS, 3, Partial.PREFIX,
            "glpat-[A-Za-z0-9_.-]{20,100}", "not a placeholder (also the routable form with its .xx suffix)"),
    GITLAB_DEPLOY_TOKEN("gitlab-deploy-token", Family.VCS, "gldt-[A-Za-z0-9_-]{20,300}"),
    GITLAB_RUNNER_TOKEN("gitlab-runner-token", Family.VCS, "glrt-[A-Za-z0-9_.-]{20,300}|GR1348941[A-Za-z0-9_-]{20}"),
    GITLAB_CI_TOKEN("gitlab-ci-token", Family.VCS, "glcbt-[A-Za-z0-9]{1,5}_[A-Za-z0-9_-]{20,300}|glptt-[0-9a-f]{40}"),
    GITLAB_OAUTH_SECRET("gitlab-oauth-secret", Family.VCS, "gloas-[A-Za-z0-9_-]{64}"),
    GITLAB_AGENT_TOKEN("gitlab-agent-token", Family.VCS, "glagent-[A-Za-z0-9_-]{50}"),
    GITLAB_FEED_TOKEN("gitlab-feed-token", Family.VCS, "glft-[A-Za-z0-9_-]{20}"),
    GITLAB_MAIL_TOKEN("gitlab-mail-token", Family.VCS, "glimt-[A-Za-z0-9_-]{25}"),
    GITLAB_SCIM_TOKEN("gitlab-scim-token", Family.VCS, "glsoat-[A-Za-z0-9_-]{20}"),
    GITLAB_FEATURE_FLAG_TOKEN("gitlab-feature-flag-token", Family.VCS, "glffct-[A-Za-z0-9_-]{20}"),
    BITBUCKET_APP_PASSWORD("bitbucket-app-password", Family.VCS, "ATBB[A-Za-z0-9]{24,64}",
            "CRC32 of the rest in the last 8 hex chars confirms; otherwise random-looking"),
    SOURCEGRAPH_TOKEN("sourcegraph-token", Family.VCS, "sgp_([0-9a-f]{16}|local)_[0-9a-f]{40}|sgp_[0-9a-f]{40}"),

    // package-registries
    NPM_TOKEN("npm-token", Family.PACKAGE_REGISTRIES, "npm_[A-Za-z0-9]{36}",
            "the last 6 chars are the base62 CRC32 of the 30 before (npm's checksum) and must match"),
    PYPI_TOKEN("pypi-token", Family.PACKAGE_REGISTRIES,
            "pypi-(AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}",
            "the macaroon header for pypi.org / test.pypi.org; the rest decodes as base64url"),
    RUBYGEMS_TOKEN("rubygems-token", Family.PACKAGE_REGISTRIES, "rubygems_[0-9a-f]{48}"),
    NUGET_API_KEY("nuget-api-key", Family.PACKAGE_REGISTRIES, "oy2[a-z0-9]{43}", "letters and digits, random"),
    CLOJARS_TOKEN("clojars-token", Family.PACKAGE_REGISTRIES, "CLOJARS_[a-z0-9]{60}"),
    CRATES_IO_TOKEN("crates-io-token", Family.PACKAGE_REGISTRIES, "cio[A-Za-z0-9]{32}", "letters and digits, random"),
    DOCKER_HUB_TOKEN("docker-hub-token", Family.PACKAGE_REGISTRIES, "dckr_pat_[A-Za-z0-9_-]{27}|dckr_oat_[A-Za-z0-9_-]{32}"),
    ARTIFACTORY_TOKEN("artifactory-token", Family.PACKAGE_REGISTRIES, "AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59}",
            "API keys and reference tokens (base64 of \"ref\"...)"),

    // payments
    STRIPE_KEY("stripe-key", Family.PAYMENTS, 3, Partial.PREFIX,
            "[sr]k_live_[A-Za-z0-9]{20,247}", "live keys only (test keys are not secrets of value); not a placeholder"),
    STRIPE_WEBHOOK_SECRET("stripe-webhook-secret", Family.PAYMENTS, "whsec_[A-Za-z0-9+/=]{32,100}"),
    SQUARE_TOKEN("square-token", Family.PAYMENTS, "EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}"),
    BRAINTREE_TOKEN("braintree-token", Family.PAYMENTS, "access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}"),
    FLUTTERWAVE_KEY("flutterwave-key", Family.PAYMENTS, "FLWSECK-[0-9a-f]{32}-X", "live secret keys"),
    PLAID_TOKEN("plaid-token", Family.PAYMENTS,
            "access-(production|development)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),

    // messaging
    SLACK_TOKEN("slack-token", Family.MESSAGING, 3, Partial.PREFIX,
            "xox[abeoprs](\\.xox[abeoprs])?-[A-Za-z0-9-]{10,250}", "at least two '-' separated parts, digits"),
    SLACK_APP_TOKEN("slack-app-token", Family.MESSAGING, "xapp-[0-9]-[A-Z0-9]{8,16}-[0-9]{8,16}-[a-z0-9]{32,80}"),
    SLACK_WEBHOOK_URL("slack-webhook-url", Family.MESSAGING,
            "hooks\\.slack\\.com/(services|workflows|triggers)/(?<s>[A-Za-z0-9/_-]{30,120})", "the path after the host is masked"),
    DISCORD_WEBHOOK_URL("discord-webhook-url", Family.MESSAGING,
            "discord(app)?\\.com/api/webhooks/[0-9]{17,20}/(?<s>[A-Za-z0-9_-]{60,80})", "the token segment is masked"),
    DISCORD_BOT_TOKEN("discord-bot-token", Family.MESSAGING,
            "[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}",
            "the first part base64-decodes to the bot's numeric id"),
    TELEGRAM_BOT_TOKEN("telegram-bot-token", Family.MESSAGING, "[0-9]{8,10}:AA[A-Za-z0-9_-]{33}",
            "anchored at the ':' after the bot id"),
    TEAMS_WEBHOOK_URL("teams-webhook-url", Family.MESSAGING,
            "webhook\\.office\\.com/webhookb2/(?<s>[A-Za-z0-9@/-]{60,300})", "the path after the host is masked"),
    TWILIO_API_KEY("twilio-api-key", Family.MESSAGING, "SK[0-9a-f]{32}"),
    TWILIO_AUTH_TOKEN("twilio-auth-token", Family.MESSAGING, "[0-9a-f]{32}", "named: only under a name containing twilio"),
    SENDGRID_API_KEY("sendgrid-api-key", Family.MESSAGING, "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"),
    MAILGUN_API_KEY("mailgun-api-key", Family.MESSAGING, "key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}",
            "the second (current) form only under a name containing mailgun"),
    MAILCHIMP_API_KEY("mailchimp-api-key", Family.MESSAGING, "[0-9a-f]{32}-us[0-9]{1,2}",
            "anchored at the -us data-centre suffix"),
    BREVO_API_KEY("brevo-api-key", Family.MESSAGING, "(xkeysib|xsmtpsib)-[0-9a-f]{64}-[A-Za-z0-9]{16}"),

    // saas
    NOTION_TOKEN("notion-token", Family.SAAS, "secret_[A-Za-z0-9]{43}|ntn_[0-9]{11}[A-Za-z0-9]{35}"),
    LINEAR_API_KEY("linear-api-key", Family.SAAS, "lin_api_[A-Za-z0-9]{40}|lin_oauth_[0-9a-f]{64}"),
    AIRTABLE_TOKEN("airtable-token", Family.SAAS, "pat[A-Za-z0-9]{14}\\.[0-9a-f]{64}"),
    ATLASSIAN_API_TOKEN("atlassian-api-token", Family.SAAS, "AT[AC]TT3[A-Za-z0-9_=+/-]{100,300}",
            "CRC32 of the rest in the last 8 hex chars confirms; otherwise random-looking"),
    HUBSPOT_TOKEN("hubspot-token", Family.SAAS,
            "pat-(na|eu)1-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    SHOPIFY_TOKEN("shopify-token", Family.SAAS, "shp(at|ca|pa|ss)_[0-9a-fA-F]{32}"),
    FIGMA_TOKEN("figma-token", Family.SAAS, "figd_[A-Za-z0-9_-]{40}"),
    TYPEFORM_TOKEN("typeform-token", Family.SAAS, "tfp_[A-Za-z0-9_]{40,59}"),
    DROPBOX_TOKEN("dropbox-token", Family.SAAS, "sl\\.(u\\.)?[A-Za-z0-9_-]{130,1400}"),
    MAPBOX_SECRET_TOKEN("mapbox-secret-token", Family.SAAS, "sk\\.eyJ[A-Za-z0-9_-]{10,200}\\.[A-Za-z0-9_-]{22}",
            "secret (sk.) tokens only; the middle part decodes to JSON"),
    POSTMAN_API_KEY("postman-api-key", Family.SAAS, "PMAK-[0-9a-f]{24}-[0-9a-f]{34}"),
    README_API_KEY("readme-api-key", Family.SAAS, "rdme_[a-z0-9]{70}"),
    EASYPOST_API_KEY("easypost-api-key", Family.SAAS, "EZAK[A-Za-z0-9]{54}"),
    SHIPPO_API_TOKEN("shippo-api-token", Family.SAAS, "shippo_live_[0-9a-f]{40}"),
    DUFFEL_API_TOKEN("duffel-api-token", Family.SAAS, "duffel_live_[A-Za-z0-9_=-]{43}"),
    CONTENTFUL_TOKEN("contentful-token", Family.SAAS, "CFPAT-[A-Za-z0-9_-]{43}"),
    FACEBOOK_ACCESS_TOKEN("facebook-access-token", Family.SAAS, "EAA[B-Z][A-Za-z0-9]{100,400}"),
    TWITTER_BEARER_TOKEN("twitter-bearer-token", Family.SAAS, "A{22}[A-Za-z0-9%]{80,120}"),
    LAUNCHDARKLY_KEY("launchdarkly-key", Family.SAAS,
            "(api|sdk)-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"),
    FRAMEIO_TOKEN("frameio-token", Family.SAAS, "fio-u-[A-Za-z0-9_-]{64}"),

    // observability
    SENTRY_TOKEN("sentry-token", Family.OBSERVABILITY, "sntryu_[0-9a-f]{64}|sntrys_eyJ[A-Za-z0-9+/=_]{100,400}",
            "org tokens (sntrys_) carry base64 JSON"),
    GRAFANA_TOKEN("grafana-token", Family.OBSERVABILITY,
            "glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2}|eyJrIjoi[A-Za-z0-9+/]{70,400}={0,2}",
            "service-account tokens end in the CRC32 of the rest (confirms); cloud and legacy keys decode to JSON"),
    DATADOG_API_KEY("datadog-api-key", Family.OBSERVABILITY, "[0-9a-f]{32}|[0-9a-f]{40}",
            "named: only under a name containing datadog, dd_api or dd_app (API and application keys)"),
    NEW_RELIC_KEY("new-relic-key", Family.OBSERVABILITY, "NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_-]{32}"),
    DYNATRACE_TOKEN("dynatrace-token", Family.OBSERVABILITY, "dt0[a-z][0-9]{2}\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}"),
    POSTHOG_PERSONAL_KEY("posthog-personal-key", Family.OBSERVABILITY, "phx_[A-Za-z0-9_]{43,48}"),

    // devops
    VAULT_TOKEN("vault-token", Family.DEVOPS, "hvs\\.[A-Za-z0-9_-]{90,120}|hvb\\.[A-Za-z0-9_-]{138,300}"),
    TERRAFORM_CLOUD_TOKEN("terraform-cloud-token", Family.DEVOPS, "[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}",
            "anchored at .atlasv1."),
    PULUMI_TOKEN("pulumi-token", Family.DEVOPS, "pul-[0-9a-f]{40}"),
    DOPPLER_TOKEN("doppler-token", Family.DEVOPS, "dp\\.(ct|pt|sa|scim|audit|st(\\.[a-z0-9_-]{2,35})?)\\.[A-Za-z0-9]{40,44}"),
    SONAR_TOKEN("sonar-token", Family.DEVOPS, "sq[upa]_[0-9a-f]{40}"),
    OCTOPUS_DEPLOY_KEY("octopus-deploy-key", Family.DEVOPS, "API-[A-Z0-9]{26}", "letters and digits, random"),
    INFRACOST_TOKEN("infracost-token", Family.DEVOPS, "ico-[A-Za-z0-9]{32}"),
    PREFECT_TOKEN("prefect-token", Family.DEVOPS, "pnu_[A-Za-z0-9]{36}"),
    HARNESS_TOKEN("harness-token", Family.DEVOPS, "(pat|sat)\\.[A-Za-z0-9_-]{22}\\.[0-9a-f]{24}\\.[A-Za-z0-9]{20}"),
    BUILDKITE_TOKEN("buildkite-token", Family.DEVOPS, "bkua_[a-z0-9]{40}"),
    CIRCLECI_TOKEN("circleci-token", Family.DEVOPS, "CCIPAT_[A-Za-z0-9]{22}_[0-9a-f]{40}"),
    TAILSCALE_KEY("tailscale-key", Family.DEVOPS, "tskey-[a-z]{3,10}-[A-Za-z0-9_]{6,24}-[A-Za-z0-9_]{16,64}"),
    ONEPASSWORD_SECRET("1password-secret", Family.DEVOPS,
            "ops_eyJ[A-Za-z0-9+/]{250,4000}={0,3}|A3-[A-Z0-9]{6}-([A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
            "service-account tokens (base64 JSON) and account secret keys"),
    OKTA_TOKEN("okta-token", Family.DEVOPS, "SSWS (?<s>00[A-Za-z0-9_-]{40})|00[A-Za-z0-9_-]{40}",
            "after the SSWS scheme, or under a name containing okta"),

    // databases
    DATABRICKS_TOKEN("databricks-token", Family.DATABASES, "dapi[0-9a-f]{32}(-[0-9])?"),
    PLANETSCALE_TOKEN("planetscale-token", Family.DATABASES, "pscale_(tkn|oauth)_[A-Za-z0-9_=.-]{32,64}"),
    PLANETSCALE_PASSWORD("planetscale-password", Family.DATABASES, "pscale_pw_[A-Za-z0-9_=.-]{32,64}"),
    CLICKHOUSE_CLOUD_KEY("clickhouse-cloud-key", Family.DATABASES, "4b1d[A-Za-z0-9]{38}"),
    SUPABASE_TOKEN("supabase-token", Family.DATABASES, "sbp_[0-9a-f]{40}"),
    AIVEN_PASSWORD("aiven-password", Family.DATABASES, "AVNS_[A-Za-z0-9_-]{15,40}"),

    // generic: credentials recognised by their context or an armour rather than a vendor's format
    JWT("jwt", Family.GENERIC, 3, Partial.NONE,
            "eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*", "header base64url-decodes to a JSON object with \"alg\""),
    PRIVATE_KEY("private-key", Family.GENERIC, 3, Partial.NONE,
            "-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----.*?-----END [A-Z ]*-----",
            "the whole block; without an END line, the base64 run that follows; also base64-wrapped (LS0tLS1CRUdJTi...)"),
    AGE_SECRET_KEY("age-secret-key", Family.GENERIC, "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
            "bech32 checksum confirms"),
    BEARER_TOKEN("bearer-token", Family.GENERIC, 2, Partial.NONE,
            "(?i:bearer)[ \\t]+[A-Za-z0-9._~+/-]{16,4096}=* | Authorization: <scheme> <token>",
            "random-looking (letters and digits, or long mixed case)"),
    BASIC_AUTH("basic-auth", Family.GENERIC, 2, Partial.NONE,
            "(?i:basic)[ \\t]+[A-Za-z0-9+/]{4,1024}={0,2} | -u user:pw | auth: base64(user:pw)",
            "decodes to printable user:password (Basic, Docker config auths, .npmrc _auth)"),
    URI_PASSWORD("uri-password", Family.GENERIC, 2, Partial.NONE,
            "[a-z][a-z0-9+.-]*://[^:/@\\s]*:PASSWORD@host", "password not empty and not a placeholder"),
    SECRET_ASSIGNMENT("secret-assignment", Family.GENERIC, 1, Partial.NONE,
            "(password|passwd|pwd|pass|secret|token|api_key|access_key|private_key|credentials|...)\\s*[=:]\\s*VALUE",
            "also a JSON field, header, column or --flag with such a name; value not a placeholder or reference, "
            + ">= 6 chars, two character classes or >= 16 chars; names ending in key/auth/creds need a "
            + "high-entropy value"),

    // pii
    EMAIL("email", Family.PII, 2, Partial.EMAIL_DOMAIN,
            "[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,24}",
            "not URI userinfo, not scp-style git@host:path, no file-extension TLD (icon@2x.png)"),
    CARD("card", Family.PII, 2, Partial.LAST4,
            "\\d{13,19} or 4-4-4-4(-1..3) / 4-6-5 / 4-6-4 groups with ' ' or '-'",
            "Luhn, known issuer prefix (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro)"),
    IBAN("iban", Family.PII, 2, Partial.LAST4,
            "[A-Z]{2}\\d{2}[A-Z0-9]{11,30}, optionally in groups of four", "country length table and mod-97 = 1"),
    SSN("ssn", Family.PII, 2, Partial.LAST4,
            "\\d{3}-\\d{2}-\\d{4}", "area not 000/666/9xx, group not 00, serial not 0000"),
    PHONE("phone", Family.PII, 2, Partial.LAST4,
            "\\+\\d{1,3}[ .-]?(\\d[ .-]?){6,13}\\d | (\\d{3}) \\d{3}-\\d{4} | \\d{3}[-. ]\\d{3}[-. ]\\d{4}",
            "8-15 digits; NANP area and exchange start with 2-9; opt-in: only when named");

    /**
     * What a policy can name as a whole. {@code secrets} is every family but {@code pii}. The families
     * follow who issues a credential (what a policy author thinks in), not how it is matched.
     */
    public enum Family {
        AI_PROVIDERS("ai-providers"), CLOUD("cloud"), VCS("vcs"), PACKAGE_REGISTRIES("package-registries"),
        PAYMENTS("payments"), MESSAGING("messaging"), SAAS("saas"), OBSERVABILITY("observability"),
        DEVOPS("devops"), DATABASES("databases"), GENERIC("generic"), PII("pii");

        private final String id;

        Family(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Whether {@code secrets} selects this family. */
        public boolean secret() {
            return this != PII;
        }
    }

    /** What the PARTIAL style keeps. */
    public enum Partial {
        /** nothing: the secret is redacted whole */
        NONE,
        /** the public type prefix ({@code ghp_}, {@code AKIA}, {@code sk-ant-api03-}), never secret material */
        PREFIX,
        /** the last four letters/digits, separators kept in place */
        LAST4,
        /** the domain of an e-mail address */
        EMAIL_DOMAIN
    }

    public static final int COUNT = values().length;
    private static final String RANDOM = "random after the prefix (not a placeholder), no word character after";
    private static final Detector[] VALUES = values();

    private final String id;
    private final Family family;
    private final int priority;
    private final Partial partial;
    private final String shape;
    private final String validator;
    public final byte[] redaction;

    /** A credential format with its own literal prefix: specific (priority 3), PARTIAL may keep the prefix. */
    Detector(String id, Family family, String shape) {
        this(id, family, 3, Partial.PREFIX, shape, RANDOM);
    }

    Detector(String id, Family family, String shape, String validator) {
        this(id, family, 3, Partial.PREFIX, shape, validator);
    }

    Detector(String id, Family family, int priority, Partial partial, String shape, String validator) {
        this.id = id;
        this.family = family;
        this.priority = priority;
        this.partial = partial;
        this.shape = shape;
        this.validator = validator;
        this.redaction = ("[REDACTED:" + id + "]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public String id() {
        return id;
    }

    public Family family() {
        return family;
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

    public Partial partial() {
        return partial;
    }

    static Detector ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
