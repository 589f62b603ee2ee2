package dev.gatehouse.proxy.masking.detect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.gatehouse.proxy.masking.detect.FakeFormat.compound;
import static dev.gatehouse.proxy.masking.detect.FakeFormat.named;
import static dev.gatehouse.proxy.masking.detect.FakeFormat.token;
import static dev.gatehouse.proxy.masking.detect.Fakes.ALNUM;
import static dev.gatehouse.proxy.masking.detect.Fakes.B64;
import static dev.gatehouse.proxy.masking.detect.Fakes.B64URL;
import static dev.gatehouse.proxy.masking.detect.Fakes.DIGITS;
import static dev.gatehouse.proxy.masking.detect.Fakes.HEX;
import static dev.gatehouse.proxy.masking.detect.Fakes.LOWER;
import static dev.gatehouse.proxy.masking.detect.Fakes.LOWER_ALNUM;
import static dev.gatehouse.proxy.masking.detect.Fakes.UPPER;

/**
 * Fake AI-provider and cloud credentials, each built from its format's published structure: prefix,
 * alphabet, length, fixed markers ({@code T3BlbkFJ} in OpenAI keys, the {@code AA} ending of Anthropic's,
 * the STS header of AWS session tokens), key sizes (a 64-byte Azure storage key is 88 base64 characters).
 */
final class CloudAndAiFormats {

    private CloudAndAiFormats() {
    }

    static List<FakeFormat> all() {
        return List.of(
                token("anthropic-api-key", "anthropic-api-key", "ANTHROPIC_API_KEY",
                        f -> "sk-ant-api03-" + f.rnd(B64URL, 93) + "AA"),
                token("anthropic-admin-key", "anthropic-admin-key", "ANTHROPIC_ADMIN_KEY",
                        f -> "sk-ant-admin01-" + f.rnd(B64URL, 93) + "AA"),
                token("openai-project-key", "openai-api-key", "OPENAI_API_KEY",
                        f -> "sk-proj-" + f.rnd(B64URL, 74) + "T3BlbkFJ" + f.rnd(B64URL, 74)),
                token("openai-service-account-key", "openai-api-key", "OPENAI_API_KEY",
                        f -> "sk-svcacct-" + f.rnd(B64URL, 58) + "T3BlbkFJ" + f.rnd(B64URL, 58)),
                token("openai-admin-key", "openai-api-key", "OPENAI_ADMIN_KEY",
                        f -> "sk-admin-" + f.rnd(B64URL, 58) + "T3BlbkFJ" + f.rnd(B64URL, 58)),
                token("openai-legacy-key", "openai-api-key", "OPENAI_API_KEY",
                        f -> "sk-" + f.rnd(ALNUM, 20) + "T3BlbkFJ" + f.rnd(ALNUM, 20)),
                token("openrouter-api-key", "openrouter-api-key", "OPENROUTER_API_KEY", f -> "sk-or-v1-" + f.rnd(HEX, 64)),
                token("deepseek-api-key", "llm-api-key", "DEEPSEEK_API_KEY", f -> "sk-" + f.mixed(HEX, 32)),
                token("moonshot-api-key", "llm-api-key", "MOONSHOT_API_KEY", f -> "sk-" + f.mixed(ALNUM, 48)),
                token("huggingface-user-token", "huggingface-token", "HF_TOKEN", f -> "hf_" + letters(f, 34)),
                token("huggingface-org-token", "huggingface-token", "HF_ORG_TOKEN", f -> "api_org_" + letters(f, 34)),
                token("groq-api-key", "groq-api-key", "GROQ_API_KEY", f -> "gsk_" + f.rnd(ALNUM, 52)),
                token("replicate-api-token", "replicate-api-token", "REPLICATE_API_TOKEN", f -> "r8_" + f.rnd(ALNUM, 37)),
                token("perplexity-api-key", "perplexity-api-key", "PERPLEXITY_API_KEY", f -> "pplx-" + f.rnd(ALNUM, 48)),
                token("xai-api-key", "xai-api-key", "XAI_API_KEY", f -> "xai-" + f.rnd(ALNUM, 80)),
                token("nvidia-api-key", "nvidia-api-key", "NVIDIA_API_KEY", f -> "nvapi-" + f.rnd(B64URL, 64)),
                token("langsmith-personal-token", "langsmith-api-key", "LANGSMITH_API_KEY",
                        f -> "lsv2_pt_" + f.rnd(HEX, 32) + "_" + f.rnd(HEX, 10)),
                token("langsmith-service-key", "langsmith-api-key", "LANGCHAIN_API_KEY",
                        f -> "lsv2_sk_" + f.rnd(HEX, 32) + "_" + f.rnd(HEX, 10)),
                token("pinecone-api-key", "pinecone-api-key", "PINECONE_API_KEY",
                        f -> "pcsk_" + f.rnd(ALNUM, f.between(5, 6)) + "_" + f.rnd(ALNUM, 63)),
                token("elevenlabs-api-key", "elevenlabs-api-key", "ELEVENLABS_API_KEY", f -> "sk_" + f.rnd(HEX, 48)),
                token("aws-bedrock-api-key", "aws-bedrock-api-key", "AWS_BEARER_TOKEN_BEDROCK",
                        f -> "ABSK" + f.base64("BedrockAPIKey-" + f.rnd(LOWER_ALNUM, 4) + "-at-" + f.rnd(DIGITS, 12) + ":"
                                + f.rnd(B64, f.between(64, 110)))),
                named("cohere-api-key", "cohere-api-key", "COHERE_API_KEY", f -> f.mixed(ALNUM, 40)),
                named("mistral-api-key", "mistral-api-key", "MISTRAL_API_KEY", f -> f.mixed(ALNUM, 32)),
                named("azure-openai-key", "azure-openai-key", "AZURE_OPENAI_API_KEY", f -> f.mixed(HEX, 32)),
                // cloud
                token("aws-access-key-id", "aws-access-key", "AWS_ACCESS_KEY_ID", f -> "AKIA" + f.rnd(UPPER + "234567", 16)),
                token("aws-temporary-key-id", "aws-access-key", "AWS_ACCESS_KEY_ID", f -> "ASIA" + f.rnd(UPPER + "234567", 16)),
                named("aws-secret-access-key", "aws-secret-key", "AWS_SECRET_ACCESS_KEY", f -> f.mixed(B64, 40)),
                token("aws-session-token", "aws-session-token", "AWS_SESSION_TOKEN",
                        f -> f.pick(new String[] {"IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE"}) + f.rnd(B64, f.between(300, 700))),
                token("google-api-key", "google-api-key", "GOOGLE_API_KEY", f -> "AIza" + f.rnd(B64URL, 35)),
                token("google-oauth-client-secret", "google-oauth-secret", "GOOGLE_CLIENT_SECRET",
                        f -> "GOCSPX-" + f.rnd(B64URL, 28)),
                token("google-access-token", "google-oauth-token", "GOOGLE_ACCESS_TOKEN",
                        f -> "ya29." + f.rnd(B64URL, f.between(120, 200))),
                token("google-refresh-token", "google-oauth-token", "GOOGLE_REFRESH_TOKEN",
                        f -> "1//0" + f.pick(new String[] {"g", "3", "4", "9", "e"}) + f.rnd(B64URL, f.between(90, 110))),
                compound("azure-storage-connection-string", "azure-storage-key", "AZURE_STORAGE_CONNECTION_STRING", f -> {
                    String key = f.base64(f.bytes(64));
                    return new FakeFormat.Fake("DefaultEndpointsProtocol=https;AccountName=" + f.rnd(LOWER, 10)
                            + ";AccountKey=" + key + ";EndpointSuffix=core.windows.net", key);
                }),
                compound("azure-service-bus-connection-string", "azure-shared-access-key", "SERVICEBUS_CONNECTION", f -> {
                    String key = f.base64(f.bytes(32));
                    return new FakeFormat.Fake("Endpoint=sb://" + f.rnd(LOWER, 8) + ".servicebus.windows.net/;"
                            + "SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + key, key);
                }),
                compound("azure-sas-url", "azure-sas-token", "AZURE_BLOB_SAS_URL", f -> {
                    String sig = URLEncoder.encode(f.base64(f.bytes(32)), StandardCharsets.UTF_8);
                    return new FakeFormat.Fake("https://" + f.rnd(LOWER, 9) + ".blob.core.windows.net/builds/app.zip"
                            + "?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&spr=https&sig=" + sig, sig);
                }),
                token("azure-ad-client-secret", "azure-ad-client-secret", "AZURE_CLIENT_SECRET",
                        f -> f.rnd(ALNUM, 3) + f.rnd(DIGITS, 1) + "Q~" + f.rnd(ALNUM + "_~.-", 34)),
                token("digitalocean-pat", "digitalocean-token", "DIGITALOCEAN_TOKEN", f -> "dop_v1_" + f.rnd(HEX, 64)),
                token("digitalocean-oauth-token", "digitalocean-token", "DO_OAUTH_TOKEN", f -> "doo_v1_" + f.rnd(HEX, 64)),
                token("digitalocean-refresh-token", "digitalocean-token", "DO_REFRESH_TOKEN", f -> "dor_v1_" + f.rnd(HEX, 64)),
                token("alibaba-access-key-id", "alibaba-access-key", "ALIBABA_CLOUD_ACCESS_KEY_ID",
                        f -> "LTAI" + f.mixed(ALNUM, 20)),
                token("tencent-secret-id", "tencent-secret-id", "TENCENTCLOUD_SECRET_ID", f -> "AKID" + f.mixed(ALNUM, 32)),
                token("heroku-api-key-v2", "heroku-api-key", "HEROKU_API_KEY", f -> "HRKU-AA" + f.rnd(B64URL, 58)),
                named("heroku-api-key-uuid", "heroku-api-key", "HEROKU_API_KEY", Fakes::uuid),
                token("flyio-token", "flyio-token", "FLY_API_TOKEN", f -> "fo1_" + f.rnd(B64URL, 43)),
                compound("flyio-macaroon", "flyio-token", "FLY_API_TOKEN", f -> {
                    String token = "fm2_" + f.base64(f.bytes(f.between(300, 500)));
                    return new FakeFormat.Fake("FlyV1 " + token, token);
                }),
                token("cloudflare-origin-ca-key", "cloudflare-origin-ca-key", "CF_ORIGIN_CA_KEY",
                        f -> "v1.0-" + f.rnd(HEX, 24) + "-" + f.rnd(HEX, 146)),
                named("cloudflare-api-token", "cloudflare-api-token", "CLOUDFLARE_API_TOKEN", f -> f.mixed(ALNUM + "_-", 40)),
                named("cloudflare-global-key", "cloudflare-api-token", "CF_API_KEY", f -> f.mixed(HEX, 37)),
                token("yandex-cloud-api-key", "yandex-cloud-key", "YC_API_KEY", f -> "AQVN" + f.rnd(B64URL, 36)),
                token("openshift-token", "openshift-token", "OPENSHIFT_TOKEN", f -> "sha256~" + f.rnd(B64URL, 43)),
                token("netlify-token", "netlify-token", "NETLIFY_AUTH_TOKEN", f -> "nfp_" + f.rnd(ALNUM, 36)));
    }

    /** Random letters of both cases, as Hugging Face tokens are (not a camelCase word). */
    private static String letters(Fakes f, int n) {
        while (true) {
            String s = f.rnd(UPPER + LOWER, n);
            long upper = s.chars().filter(Character::isUpperCase).count();
            if (upper >= 8 && n - upper >= 8) {
                return s;
            }
        }
    }
}
