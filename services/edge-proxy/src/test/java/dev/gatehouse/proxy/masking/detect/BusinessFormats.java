package dev.gatehouse.proxy.masking.detect;

import java.util.List;

import static dev.gatehouse.proxy.masking.detect.FakeFormat.compound;
import static dev.gatehouse.proxy.masking.detect.FakeFormat.named;
import static dev.gatehouse.proxy.masking.detect.FakeFormat.token;
import static dev.gatehouse.proxy.masking.detect.Fakes.ALNUM;
import static dev.gatehouse.proxy.masking.detect.Fakes.B64URL;
import static dev.gatehouse.proxy.masking.detect.Fakes.DIGITS;
import static dev.gatehouse.proxy.masking.detect.Fakes.HEX;
import static dev.gatehouse.proxy.masking.detect.Fakes.LOWER;
import static dev.gatehouse.proxy.masking.detect.Fakes.LOWER_ALNUM;
import static dev.gatehouse.proxy.masking.detect.Fakes.UPPER_ALNUM;

/** Fake payment, messaging and SaaS credentials, each from its format's published structure. */
final class BusinessFormats {

    private BusinessFormats() {
    }

    static List<FakeFormat> all() {
        return List.of(
                token("stripe-secret-key", "stripe-key", "STRIPE_SECRET_KEY", f -> "sk_live_" + f.rnd(ALNUM, f.between(24, 99))),
                token("stripe-restricted-key", "stripe-key", "STRIPE_RESTRICTED_KEY", f -> "rk_live_" + f.rnd(ALNUM, f.between(24, 99))),
                token("stripe-webhook-secret", "stripe-webhook-secret", "STRIPE_WEBHOOK_SECRET", f -> "whsec_" + f.rnd(ALNUM, 32)),
                token("square-access-token", "square-token", "SQUARE_ACCESS_TOKEN", f -> "EAAA" + f.rnd(ALNUM + "_-", 60)),
                token("square-oauth-secret", "square-token", "SQUARE_APPLICATION_SECRET", f -> "sq0csp-" + f.rnd(ALNUM + "_-", 43)),
                token("square-legacy-token", "square-token", "SQUARE_TOKEN", f -> "sq0atp-" + f.rnd(ALNUM + "_-", 22)),
                token("braintree-access-token", "braintree-token", "BRAINTREE_ACCESS_TOKEN",
                        f -> "access_token$production$" + f.rnd(LOWER_ALNUM, 16) + "$" + f.rnd(HEX, 32)),
                token("flutterwave-secret-key", "flutterwave-key", "FLW_SECRET_KEY", f -> "FLWSECK-" + f.rnd(HEX, 32) + "-X"),
                token("plaid-access-token", "plaid-token", "PLAID_ACCESS_TOKEN", f -> "access-production-" + f.uuid()),
                // messaging
                token("slack-bot-token", "slack-token", "SLACK_BOT_TOKEN",
                        f -> "xoxb-" + f.rnd(DIGITS, 12) + "-" + f.rnd(DIGITS, 13) + "-" + f.rnd(ALNUM, 24)),
                token("slack-user-token", "slack-token", "SLACK_USER_TOKEN",
                        f -> "xoxp-" + f.rnd(DIGITS, 11) + "-" + f.rnd(DIGITS, 12) + "-" + f.rnd(DIGITS, 13) + "-" + f.rnd(HEX, 32)),
                token("slack-app-token", "slack-app-token", "SLACK_APP_TOKEN",
                        f -> "xapp-1-A" + f.rnd(UPPER_ALNUM, 10) + "-" + f.rnd(DIGITS, 13) + "-" + f.rnd(HEX, 64)),
                compound("slack-webhook-url", "slack-webhook-url", "SLACK_WEBHOOK_URL", f -> {
                    String path = "T" + f.rnd(UPPER_ALNUM, 8) + "/B" + f.rnd(UPPER_ALNUM, 10) + "/" + f.rnd(ALNUM, 24);
                    return new FakeFormat.Fake("https://hooks.slack.com/services/" + path, path);
                }),
                compound("discord-webhook-url", "discord-webhook-url", "DISCORD_WEBHOOK", f -> {
                    String token = f.rnd(ALNUM + "_-", 68);
                    return new FakeFormat.Fake("https://discord.com/api/webhooks/" + f.rnd(DIGITS, 18) + "/" + token, token);
                }),
                token("discord-bot-token", "discord-bot-token", "DISCORD_BOT_TOKEN", f -> java.util.Base64.getUrlEncoder()
                        .withoutPadding().encodeToString((f.between(1, 9) + f.rnd(DIGITS, 17)).getBytes())
                        + "." + f.rnd(ALNUM + "_-", 6) + "." + f.rnd(ALNUM + "_-", 38)),
                token("telegram-bot-token", "telegram-bot-token", "TELEGRAM_BOT_TOKEN",
                        f -> f.between(1, 9) + f.rnd(DIGITS, f.between(8, 9)) + ":AA" + f.rnd(ALNUM + "_-", 33)),
                compound("teams-webhook-url", "teams-webhook-url", "TEAMS_WEBHOOK_URL", f -> {
                    String path = f.uuid() + "@" + f.uuid() + "/IncomingWebhook/" + f.rnd(HEX, 32) + "/" + f.uuid();
                    return new FakeFormat.Fake("https://" + f.rnd(LOWER, 6) + ".webhook.office.com/webhookb2/" + path, path);
                }),
                token("twilio-api-key", "twilio-api-key", "TWILIO_API_KEY", f -> "SK" + f.rnd(HEX, 32)),
                named("twilio-auth-token", "twilio-auth-token", "TWILIO_AUTH_TOKEN", f -> f.mixed(HEX, 32)),
                token("sendgrid-api-key", "sendgrid-api-key", "SENDGRID_API_KEY",
                        f -> "SG." + f.rnd(ALNUM + "_-", 22) + "." + f.rnd(ALNUM + "_-", 43)),
                token("mailgun-api-key", "mailgun-api-key", "MAILGUN_API_KEY", f -> "key-" + f.rnd(HEX, 32)),
                named("mailgun-private-key", "mailgun-api-key", "MAILGUN_PRIVATE_KEY",
                        f -> f.rnd(HEX, 32) + "-" + f.rnd(HEX, 8) + "-" + f.rnd(HEX, 8)),
                token("mailchimp-api-key", "mailchimp-api-key", "MAILCHIMP_API_KEY", f -> f.rnd(HEX, 32) + "-us" + f.between(1, 21)),
                token("brevo-api-key", "brevo-api-key", "BREVO_API_KEY",
                        f -> "xkeysib-" + f.rnd(HEX, 64) + "-" + f.rnd(ALNUM, 16)),
                token("brevo-smtp-key", "brevo-api-key", "BREVO_SMTP_KEY", f -> "xsmtpsib-" + f.rnd(HEX, 64) + "-" + f.rnd(ALNUM, 16)),
                // saas
                token("notion-integration-token", "notion-token", "NOTION_TOKEN", f -> "secret_" + f.rnd(ALNUM, 43)),
                token("notion-token", "notion-token", "NOTION_API_KEY", f -> "ntn_" + f.rnd(DIGITS, 11) + f.rnd(ALNUM, 35)),
                token("linear-api-key", "linear-api-key", "LINEAR_API_KEY", f -> "lin_api_" + f.rnd(ALNUM, 40)),
                token("linear-oauth-token", "linear-api-key", "LINEAR_OAUTH_TOKEN", f -> "lin_oauth_" + f.rnd(HEX, 64)),
                token("airtable-pat", "airtable-token", "AIRTABLE_API_KEY", f -> "pat" + f.rnd(ALNUM, 14) + "." + f.rnd(HEX, 64)),
                token("atlassian-api-token", "atlassian-api-token", "JIRA_API_TOKEN", f -> {
                    String body = "ATATT3xFfGF0" + f.rnd(ALNUM + "_-", 170) + "=";
                    return body + Fakes.hexCrc(body);
                }),
                token("atlassian-connect-token", "atlassian-api-token", "CONFLUENCE_TOKEN", f -> {
                    String body = "ATCTT3xFfGN0" + f.rnd(ALNUM + "_-", 170) + "=";
                    return body + Fakes.hexCrc(body);
                }),
                token("hubspot-private-app-token", "hubspot-token", "HUBSPOT_ACCESS_TOKEN",
                        f -> "pat-" + f.pick(new String[] {"na1", "eu1"}) + "-" + f.uuid()),
                token("shopify-access-token", "shopify-token", "SHOPIFY_ACCESS_TOKEN", f -> "shpat_" + f.rnd(HEX, 32)),
                token("shopify-shared-secret", "shopify-token", "SHOPIFY_API_SECRET", f -> "shpss_" + f.rnd(HEX, 32)),
                token("shopify-custom-app-token", "shopify-token", "SHOPIFY_TOKEN", f -> "shpca_" + f.rnd(HEX, 32)),
                token("figma-token", "figma-token", "FIGMA_TOKEN", f -> "figd_" + f.rnd(ALNUM + "_-", 40)),
                token("typeform-token", "typeform-token", "TYPEFORM_TOKEN", f -> "tfp_" + f.rnd(ALNUM + "_", f.between(44, 59))),
                token("dropbox-token", "dropbox-token", "DROPBOX_ACCESS_TOKEN",
                        f -> "sl." + f.pick(new String[] {"", "u."}) + f.rnd(ALNUM + "_-", f.between(135, 250))),
                token("mapbox-secret-token", "mapbox-secret-token", "MAPBOX_SECRET_TOKEN", f -> "sk."
                        + f.base64Url("{\"u\":\"" + f.rnd(LOWER, 8) + "\",\"a\":\"" + f.rnd(ALNUM, 25) + "\"}") + "."
                        + f.rnd(ALNUM + "_-", 22)),
                token("postman-api-key", "postman-api-key", "POSTMAN_API_KEY", f -> "PMAK-" + f.rnd(HEX, 24) + "-" + f.rnd(HEX, 34)),
                token("readme-api-key", "readme-api-key", "README_API_KEY", f -> "rdme_" + f.rnd(LOWER_ALNUM, 70)),
                token("easypost-api-key", "easypost-api-key", "EASYPOST_API_KEY", f -> "EZAK" + f.mixed(ALNUM, 54)),
                token("shippo-live-token", "shippo-api-token", "SHIPPO_API_TOKEN", f -> "shippo_live_" + f.rnd(HEX, 40)),
                token("duffel-live-token", "duffel-api-token", "DUFFEL_ACCESS_TOKEN", f -> "duffel_live_" + f.rnd(ALNUM + "_-", 43)),
                token("contentful-management-token", "contentful-token", "CONTENTFUL_MANAGEMENT_TOKEN",
                        f -> "CFPAT-" + f.rnd(ALNUM + "_-", 43)),
                token("facebook-access-token", "facebook-access-token", "FB_ACCESS_TOKEN",
                        f -> "EAA" + f.pick(new String[] {"B", "G", "J"}) + f.mixed(ALNUM, f.between(150, 220))),
                token("twitter-bearer-token", "twitter-bearer-token", "TWITTER_BEARER_TOKEN",
                        f -> "A".repeat(22) + f.rnd(ALNUM, 30) + "%2F" + f.rnd(ALNUM, 20) + "%3D" + f.rnd(ALNUM, 40)),
                token("launchdarkly-access-token", "launchdarkly-key", "LD_ACCESS_TOKEN", f -> "api-" + f.uuid()),
                token("launchdarkly-sdk-key", "launchdarkly-key", "LD_SDK_KEY", f -> "sdk-" + f.uuid()),
                token("frameio-token", "frameio-token", "FRAMEIO_TOKEN", f -> "fio-u-" + f.rnd(ALNUM + "_-", 64)));
    }
}
