package dev.gatehouse.proxy.masking.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.gatehouse.proxy.masking.detect.Detector.*;
import static dev.gatehouse.proxy.masking.detect.TokenCheck.*;

/**
 * The credential formats that carry a literal prefix, and the index the scanner looks them up in. At
 * a word start the scanner tests one bit for the word's first two bytes (a 2 KB table that stays in L1
 * cache); only when some prefix begins with those two bytes are the few formats sharing them compared,
 * longest prefix first, and the first whose shape and validator hold wins. A hundred formats therefore
 * cost about what one does. The formats without a usable prefix are anchored in {@link InnerAnchors}.
 */
public final class TokenFormats {

    private static final Map<Detector, Pattern> SHAPES = new EnumMap<>(Detector.class);
    private static final List<TokenFormat> ALL = List.of(
            // ai-providers
            f(ANTHROPIC_API_KEY, RANDOM, "sk-ant-api03-"), f(ANTHROPIC_ADMIN_KEY, RANDOM, "sk-ant-admin01-"),
            f(OPENAI_API_KEY, RANDOM, "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"),
            f(OPENROUTER_API_KEY, RANDOM, "sk-or-v1-"), f(LLM_API_KEY, MIXED, "sk-"),
            f(HUGGINGFACE_TOKEN, CASES, "hf_", "api_org_"), f(GROQ_API_KEY, RANDOM, "gsk_"),
            f(REPLICATE_API_TOKEN, RANDOM, "r8_"), f(PERPLEXITY_API_KEY, RANDOM, "pplx-"), f(XAI_API_KEY, RANDOM, "xai-"),
            f(NVIDIA_API_KEY, RANDOM, "nvapi-"), f(LANGSMITH_API_KEY, RANDOM, "lsv2_pt_", "lsv2_sk_"),
            f(PINECONE_API_KEY, RANDOM, "pcsk_"), f(ELEVENLABS_API_KEY, RANDOM, "sk_"), f(AWS_BEDROCK_API_KEY, RANDOM, "ABSK"),
            // cloud
            f(AWS_SESSION_TOKEN, RANDOM, "IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "FQoGZXIvYXdzE"),
            f(GOOGLE_OAUTH_SECRET, RANDOM, "GOCSPX-"), f(GOOGLE_OAUTH_TOKEN, RANDOM, "ya29.", "1//0"),
            f(AZURE_STORAGE_KEY, RANDOM, "AccountKey="), f(AZURE_SHARED_ACCESS_KEY, RANDOM, "SharedAccessKey="),
            f(AZURE_SAS_TOKEN, RANDOM, "sig="), f(DIGITALOCEAN_TOKEN, RANDOM, "dop_v1_", "doo_v1_", "dor_v1_"),
            f(ALIBABA_ACCESS_KEY, MIXED, "LTAI"), f(TENCENT_SECRET_ID, MIXED, "AKID"), f(HEROKU_API_KEY, RANDOM, "HRKU-AA"),
            f(FLYIO_TOKEN, RANDOM, "fo1_", "fm1a_", "fm1r_", "fm2_"), f(CLOUDFLARE_ORIGIN_CA_KEY, RANDOM, "v1.0-"),
            f(YANDEX_CLOUD_KEY, RANDOM, "AQVN"), f(OPENSHIFT_TOKEN, RANDOM, "sha256~"), f(NETLIFY_TOKEN, RANDOM, "nfp_"),
            // vcs
            f(GITLAB_DEPLOY_TOKEN, RANDOM, "gldt-"), f(GITLAB_RUNNER_TOKEN, RANDOM, "glrt-", "GR1348941"),
            f(GITLAB_CI_TOKEN, RANDOM, "glcbt-", "glptt-"), f(GITLAB_OAUTH_SECRET, RANDOM, "gloas-"),
            f(GITLAB_AGENT_TOKEN, RANDOM, "glagent-"), f(GITLAB_FEED_TOKEN, RANDOM, "glft-"),
            f(GITLAB_MAIL_TOKEN, RANDOM, "glimt-"), f(GITLAB_SCIM_TOKEN, RANDOM, "glsoat-"),
            f(GITLAB_FEATURE_FLAG_TOKEN, RANDOM, "glffct-"), f(BITBUCKET_APP_PASSWORD, HEX_CRC32, "ATBB"),
            f(SOURCEGRAPH_TOKEN, RANDOM, "sgp_"),
            // package-registries
            f(NPM_TOKEN, BASE62_CRC32, "npm_"),
            f(PYPI_TOKEN, RANDOM, "pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"),
            f(RUBYGEMS_TOKEN, RANDOM, "rubygems_"), f(NUGET_API_KEY, MIXED, "oy2"), f(CLOJARS_TOKEN, RANDOM, "CLOJARS_"),
            f(CRATES_IO_TOKEN, MIXED, "cio"), f(DOCKER_HUB_TOKEN, RANDOM, "dckr_pat_", "dckr_oat_"),
            f(ARTIFACTORY_TOKEN, RANDOM, "AKCp", "cmVmd"),
            // payments
            f(STRIPE_WEBHOOK_SECRET, RANDOM, "whsec_"), f(SQUARE_TOKEN, RANDOM, "EAAA", "sq0atp-", "sq0csp-"),
            f(BRAINTREE_TOKEN, RANDOM, "access_token$production$"), f(FLUTTERWAVE_KEY, RANDOM, "FLWSECK-"),
            f(PLAID_TOKEN, RANDOM, "access-production-", "access-development-"),
            // messaging
            f(SLACK_APP_TOKEN, RANDOM, "xapp-"), f(SLACK_WEBHOOK_URL, RANDOM, "hooks.slack.com/"),
            f(DISCORD_WEBHOOK_URL, RANDOM, "discord.com/api/webhooks/", "discordapp.com/api/webhooks/"),
            g(DISCORD_BOT_TOKEN, DISCORD_ID, TokenFormats::discordDots, "M", "N", "O"), f(TEAMS_WEBHOOK_URL, RANDOM, "webhook.office.com/webhookb2/"),
            f(TWILIO_API_KEY, RANDOM, "SK"), f(SENDGRID_API_KEY, RANDOM, "SG."), f(MAILGUN_API_KEY, RANDOM, "key-"),
            f(BREVO_API_KEY, RANDOM, "xkeysib-", "xsmtpsib-"),
            // saas
            f(NOTION_TOKEN, RANDOM, "secret_", "ntn_"), f(LINEAR_API_KEY, RANDOM, "lin_api_", "lin_oauth_"),
            g(AIRTABLE_TOKEN, RANDOM, (a, i, limit) -> i + 17 < limit && a[i + 17] == '.', "pat"), f(ATLASSIAN_API_TOKEN, HEX_CRC32, "ATATT3", "ATCTT3"),
            f(HUBSPOT_TOKEN, RANDOM, "pat-na1-", "pat-eu1-"), f(SHOPIFY_TOKEN, RANDOM, "shpat_", "shpca_", "shppa_", "shpss_"),
            f(FIGMA_TOKEN, RANDOM, "figd_"), f(TYPEFORM_TOKEN, RANDOM, "tfp_"), f(DROPBOX_TOKEN, RANDOM, "sl."),
            f(MAPBOX_SECRET_TOKEN, JSON_PAYLOAD, "sk."), f(POSTMAN_API_KEY, RANDOM, "PMAK-"),
            f(README_API_KEY, RANDOM, "rdme_"), f(EASYPOST_API_KEY, MIXED, "EZAK"), f(SHIPPO_API_TOKEN, RANDOM, "shippo_live_"),
            f(DUFFEL_API_TOKEN, RANDOM, "duffel_live_"), f(CONTENTFUL_TOKEN, RANDOM, "CFPAT-"),
            f(FACEBOOK_ACCESS_TOKEN, MIXED, "EAA"), f(TWITTER_BEARER_TOKEN, RANDOM, "AAAAAAAAAAAAAAAAAAAAAA"),
            f(LAUNCHDARKLY_KEY, RANDOM, "api-", "sdk-"), f(FRAMEIO_TOKEN, RANDOM, "fio-u-"),
            // observability
            f(SENTRY_TOKEN, RANDOM, "sntryu_"), f(SENTRY_TOKEN, JSON_PAYLOAD, "sntrys_"),
            f(GRAFANA_TOKEN, GRAFANA, "glsa_", "glc_", "eyJrIjoi"), f(NEW_RELIC_KEY, RANDOM, "NRAK-", "NRII-"),
            f(DYNATRACE_TOKEN, RANDOM, "dt0"), f(POSTHOG_PERSONAL_KEY, RANDOM, "phx_"),
            // devops
            f(VAULT_TOKEN, RANDOM, "hvs.", "hvb."), f(PULUMI_TOKEN, RANDOM, "pul-"), f(DOPPLER_TOKEN, RANDOM, "dp."),
            f(SONAR_TOKEN, RANDOM, "squ_", "sqp_", "sqa_"), f(OCTOPUS_DEPLOY_KEY, MIXED, "API-"),
            f(INFRACOST_TOKEN, RANDOM, "ico-"), f(PREFECT_TOKEN, RANDOM, "pnu_"), f(HARNESS_TOKEN, RANDOM, "pat.", "sat."),
            f(BUILDKITE_TOKEN, RANDOM, "bkua_"), f(CIRCLECI_TOKEN, RANDOM, "CCIPAT_"), f(TAILSCALE_KEY, RANDOM, "tskey-"),
            f(ONEPASSWORD_SECRET, JSON_PAYLOAD, "ops_"), f(ONEPASSWORD_SECRET, RANDOM, "A3-"), f(OKTA_TOKEN, RANDOM, "SSWS "),
            // databases
            f(DATABRICKS_TOKEN, RANDOM, "dapi"), f(PLANETSCALE_TOKEN, RANDOM, "pscale_tkn_", "pscale_oauth_"),
            f(PLANETSCALE_PASSWORD, RANDOM, "pscale_pw_"), f(CLICKHOUSE_CLOUD_KEY, MIXED, "4b1d"),
            f(SUPABASE_TOKEN, RANDOM, "sbp_"), f(AIVEN_PASSWORD, MIXED, "AVNS_"),
            // generic
            f(AGE_SECRET_KEY, BECH32, "AGE-SECRET-KEY-1"))
            .stream().flatMap(List::stream).toList();

    private static final int PAIRS = 1 << 14;
    /** One bit per (first byte, second byte) pair that starts some prefix. */
    private static final long[] STARTS = new long[PAIRS / 64];
    private static final TokenFormat[][] BY_PAIR = new TokenFormat[PAIRS][];
    private static final boolean[] FIRST = new boolean[128];

    static {
        Map<Integer, List<TokenFormat>> lists = new java.util.HashMap<>();
        for (TokenFormat format : ALL) {
            String p = format.prefix();
            FIRST[p.charAt(0)] = true;
            for (int second = 0; second < 128; second++) {
                if (p.length() > 1 ? second == p.charAt(1) : Ascii.is((byte) second, Ascii.B64URL)) {
                    int key = p.charAt(0) << 7 | second;
                    STARTS[key >>> 6] |= 1L << key;
                    lists.computeIfAbsent(key, k -> new ArrayList<>()).add(format);
                }
            }
        }
        // Longest prefix first (sk-ant-api03- before sk-), then table order: the first that holds wins.
        lists.forEach((key, formats) -> BY_PAIR[key] = formats.stream()
                .sorted(Comparator.comparingInt((TokenFormat f) -> -f.prefix().length())).toArray(TokenFormat[]::new));
    }

    private TokenFormats() {
    }

    /** Whether some prefix starts with this byte: the scanner makes it a word anchor. */
    static boolean startsPrefix(int c) {
        return c < 128 && FIRST[c];
    }

    /** Whether some prefix starts with the two bytes at {@code i}: one bit of a 2 KB table. */
    static boolean mayStart(byte[] a, int i, int limit) {
        if (i + 1 >= limit || (a[i] | a[i + 1]) < 0) {
            return false;
        }
        int key = a[i] << 7 | a[i + 1];
        return (STARTS[key >>> 6] & (1L << key)) != 0;
    }

    /** At a word start: the formats whose prefix begins here, most specific first. */
    static void atWord(byte[] a, int i, int limit, boolean[] on, Matches out) {
        if (!mayStart(a, i, limit)) {
            return;
        }
        byte third = i + 2 < limit ? a[i + 2] : 0;
        for (TokenFormat format : BY_PAIR[a[i] << 7 | a[i + 1]]) {
            // the third byte rules most out inline ("shipped" against shpat_, shpss_, sha256~, ...)
            if (format.third() >= 0 && format.third() != third) {
                continue;
            }
            if (on[format.detector().ordinal()] && Ascii.startsWith(a, i, limit, format.prefix())
                    && format.guard(a, i, limit) && format.verify(a, i, limit, out)) {
                return;
            }
        }
    }

    /** The compiled shape of a detector whose shape is a regex (prefixed, inner-anchored and named formats). */
    static Pattern shape(Detector detector) {
        synchronized (SHAPES) {
            return SHAPES.computeIfAbsent(detector, d -> Pattern.compile(d.shape()));
        }
    }

    /** Every prefixed format, for the tests and the documentation. */
    static List<TokenFormat> all() {
        return ALL;
    }

    /** The public type prefix a span starts with, for the PARTIAL style; 0 if it starts with none. */
    public static int publicPrefix(Detector detector, byte[] a, int s, int e) {
        int longest = 0;
        for (TokenFormat format : ALL) {
            if (format.detector() == detector && format.prefix().length() > longest && format.prefix().length() < e - s
                    && format.prefix().length() > 1 && Ascii.startsWith(a, s, e, format.prefix())) {
                longest = format.prefix().length();
            }
        }
        return longest;
    }

    private static List<TokenFormat> f(Detector detector, TokenCheck check, String... prefixes) {
        return g(detector, check, null, prefixes);
    }

    /** With a cheap guard for prefixes that also start ordinary words ({@code pat}, a capital {@code M}). */
    private static List<TokenFormat> g(Detector detector, TokenCheck check, TokenFormat.Guard guard, String... prefixes) {
        Pattern shape = shape(detector);
        return Arrays.stream(prefixes).map(p -> new TokenFormat(detector, p, shape, check, guard)).toList();
    }

    /** A Discord bot token's first dot comes after the 24-26 characters of the bot id. */
    private static boolean discordDots(byte[] a, int i, int limit) {
        for (int k = i + 24; k <= i + 26 && k < limit; k++) {
            if (a[k] == '.') {
                return true;
            }
        }
        return false;
    }
}
