package dev.gatehouse.proxy.masking.detect;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.testkit.AuditTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 through the real proxy (real OIDC issuer, Kafka, the proxy's HTTP path; stub policy and target):
 * a JSON config dump and a text log, each holding a dozen credential formats, reach the caller masked
 * under each format's own detector, the JSON still valid, and the audit trail's RESPONSE event holds
 * none of them either. Credentials the caller puts in the query string or headers never reach Kafka.
 * The fakes come from the corpus generator (valid checksums, fixed seed); none is a real credential.
 */
class CredentialMaskingIT extends ProxyIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static AuditTopic audit;

    private final Fakes fakes = new Fakes(17);

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @Test
    void aJsonConfigDumpWithADozenFormatsIsMaskedForTheCallerAndTheAuditTrail() {
        Map<String, String> secrets = new LinkedHashMap<>();
        String anthropic = fake("anthropic-api-key", secrets);
        String storage = fake("azure-storage-connection-string", secrets);
        String password = "Zq8" + fakes.mixed(Fakes.ALNUM, 13);
        secrets.put(password, "uri-password");
        String dockerAuth = fakes.base64("ci-bot:" + fakes.mixed(Fakes.ALNUM, 20));
        secrets.put(dockerAuth, "basic-auth");
        String body = "{\"name\":\"billing\",\"replicas\":3,\"providers\":{\"anthropic\":{\"api_key\":\"" + anthropic
                + "\"},\"openai\":\"" + fake("openai-project-key", secrets) + "\",\"hf\":\"" + fake("huggingface-user-token", secrets)
                + "\"},\"ci\":{\"github_token\":\"" + fake("github-classic-pat", secrets) + "\",\"npmrc\":\"//registry.npmjs.org/:_authToken="
                + fake("npm-token", secrets) + "\"},\"aws\":{\"AccessKeyId\":\"" + fake("aws-access-key-id", secrets)
                + "\",\"SecretAccessKey\":\"" + fake("aws-secret-access-key", secrets) + "\"},\"google\":\""
                + fake("google-api-key", secrets) + "\",\"slack\":\"" + fake("slack-bot-token", secrets) + "\",\"stripe\":\""
                + fake("stripe-secret-key", secrets) + "\",\"storage\":\"" + storage + "\",\"DD_API_KEY\":\""
                + fake("datadog-api-key", secrets) + "\",\"database_url\":\"postgres://app:" + password
                + "@db.internal:5432/app\",\"registry\":{\"auths\":{\"registry.example.com\":{\"auth\":\"" + dockerAuth + "\"}}}}";
        TARGET.respond(200, body);
        POLICY.respond(200, allowMasking("[\"secrets\",\"pii\"]"));

        HttpResponse<String> response = get("/proxy/mask-demo/config", agentToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertMasked(response.body(), secrets);
        JsonNode tree = JSON.readTree(response.body());
        assertThat(tree.path("name").asString()).isEqualTo("billing");
        assertThat(tree.path("replicas").asInt()).isEqualTo(3);
        assertThat(tree.at("/providers/anthropic/api_key").asString()).isEqualTo("[REDACTED:anthropic-api-key]");
        assertTrailMasked(response, secrets);
    }

    @Test
    void aTextLogWithADozenFormatsIsMaskedUnderFamiliesTheRuleNames() {
        Map<String, String> secrets = new LinkedHashMap<>();
        String mysql = "Tr0ub4dor" + fakes.mixed(Fakes.ALNUM, 8);
        secrets.put(mysql, "secret-assignment");
        String body = "2024-05-17T10:12:01Z INFO env ANTHROPIC_API_KEY=" + fake("anthropic-api-key", secrets) + "\n"
                + "2024-05-17T10:12:02Z INFO gitlab push with " + fake("gitlab-pat", secrets) + " ok\n"
                + "2024-05-17T10:12:03Z DEBUG twine upload -p " + fake("pypi-token", secrets) + "\n"
                + "2024-05-17T10:12:04Z WARN slack webhook " + fake("slack-webhook-url", secrets) + " returned 404\n"
                + "2024-05-17T10:12:05Z INFO bot token " + fake("telegram-bot-token", secrets) + "\n"
                + "2024-05-17T10:12:06Z DEBUG body={\\\"level\\\":\\\"debug\\\",\\\"msg\\\":\\\"key:\\n"
                + fake("groq-api-key", secrets) + "\\\"}\n"
                + "2024-05-17T10:12:07Z INFO vault login " + fake("vault-service-token", secrets) + "\n"
                + "2024-05-17T10:12:08Z INFO ran: mysql -h db -u root -p" + mysql + " orders\n"
                + "2024-05-17T10:12:09Z INFO okta: Authorization: " + fake("okta-ssws-header", secrets) + "\n"
                + "2024-05-17T10:12:10Z INFO replay GET /v1/sync?api_key=" + fake("openrouter-api-key", secrets) + "&page=2\n"
                + "2024-05-17T10:12:11Z INFO doppler " + fake("doppler-personal-token", secrets) + "\n"
                + "2024-05-17T10:12:12Z INFO age key " + fakes.bech32("age-secret-key-", 52, true) + "\n";
        secrets.put(body.substring(body.indexOf("AGE-SECRET-KEY-1"), body.lastIndexOf('\n')), "age-secret-key");
        TARGET.respond(200, body, "text/plain");
        POLICY.respond(200, allowMasking("[\"ai-providers\",\"vcs\",\"package-registries\",\"messaging\",\"devops\",\"generic\"]"));

        HttpResponse<String> response = get("/proxy/mask-demo/logs", agentToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertMasked(response.body(), secrets);
        assertThat(response.body()).contains("2024-05-17T10:12:12Z INFO age key [REDACTED:age-secret-key]");
        assertTrailMasked(response, secrets);
    }

    @Test
    void credentialsTheCallerSendsInTheQueryAndHeadersNeverReachTheAuditTrail() {
        Map<String, String> secrets = new LinkedHashMap<>();
        String anthropic = fake("anthropic-api-key", secrets);
        String npm = fake("npm-token", secrets);
        String encoded = GeneratedCorpus.encode("{\"password\":\"Zq8" + fakes.mixed(Fakes.ALNUM, 12) + "\"}");

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/proxy/mask-demo/search?api_key=" + anthropic + "&filter=" + encoded)).header("X-Upstream-Token", npm)
                .GET(), agentToken());

        String id = response.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        ConsumerRecord<String, String> request = audit.await(e -> e.path("id").asString().equals(id));
        assertThat(request.value()).doesNotContain(anthropic).doesNotContain(npm).doesNotContain(encoded)
                .doesNotContain("X-Upstream-Token");
        JsonNode event = AuditTopic.json(request);
        assertThat(event.at("/operation/query").asString()).contains("api_key=[HMAC:anthropic-api-key:")
                .contains("filter=%7B%22password%22%3A%22[HMAC:secret-assignment:");
        assertThat(TARGET.last().query()).as("the target still gets what the caller sent").contains(anthropic);
        assertThat(TARGET.last().header("X-Upstream-Token")).isEqualTo(npm);
    }

    private void assertMasked(String body, Map<String, String> secrets) {
        secrets.forEach((secret, detector) -> {
            assertThat(body).as(detector + " leaked").doesNotContain(secret);
            assertThat(body).contains("[REDACTED:" + detector + "]");
        });
    }

    private void assertTrailMasked(HttpResponse<String> response, Map<String, String> secrets) {
        String sessionId = response.headers().firstValue("Gatehouse-Audit-Id")
                .map(id -> AuditTopic.json(audit.await(event -> event.path("id").asString().equals(id)))
                        .path("sessionId").asString()).orElseThrow();
        ConsumerRecord<String, String> recorded = audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals("RESPONSE"));
        JsonNode masking = AuditTopic.json(recorded).path("masking");
        secrets.forEach((secret, detector) -> {
            assertThat(recorded.value()).as(detector + " in the audit trail").doesNotContain(secret);
            assertThat(masking.path(detector).asInt()).as("counted under " + detector).isPositive();
        });
    }

    /** A fake of the corpus format {@code name}, remembered with the detector that must mask it. */
    private String fake(String name, Map<String, String> secrets) {
        FakeFormat format = GeneratedCorpus.formats().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        FakeFormat.Fake fake = format.make().apply(fakes);
        secrets.put(fake.secret(), format.detector());
        return fake.value();
    }

    private static String allowMasking(String detectors) {
        return allow("rule-allow-reads").replaceFirst("\\}$", ",\"masking\":{\"detectors\":" + detectors
                + ",\"style\":\"REDACT\"}}");
    }
}
