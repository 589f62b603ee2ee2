package dev.gatehouse.proxy.masking.json;

import dev.gatehouse.proxy.masking.BodyKind;
import dev.gatehouse.proxy.masking.MaskResult;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.Plans;
import dev.gatehouse.proxy.masking.StreamMasker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMaskingTests {

    private static final String GITHUB = "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";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MaskingEngine engine = new MaskingEngine();

    @Test
    void detectorsRunOnEveryStringValueAndTheDocumentStaysValid() {
        String body = """
                {"user": {"name": "Jane", "email": "jane.doe@example.com", "id": 7},
                 "tokens": [{"value": "%s"}, {"value": "none"}],
                 "note": "connect with postgres://app:S3cretPw@db/app please",
                 "ok": true, "n": null, "pi": 3.14}""".formatted(GITHUB);

        MaskResult result = engine.maskJson(body, Plans.allRedact());
        JsonNode tree = JSON.readTree(result.text());

        assertThat(tree.at("/user/email").asString()).isEqualTo("[REDACTED:email]");
        assertThat(tree.at("/tokens/0/value").asString()).isEqualTo("[REDACTED:github-token]");
        assertThat(tree.at("/note").asString()).isEqualTo("connect with postgres://app:[REDACTED:uri-password]@db/app please");
        assertThat(tree.at("/user/name").asString()).isEqualTo("Jane");
        assertThat(tree.at("/pi").asDouble()).isEqualTo(3.14);
        assertThat(result.counts().asMap()).containsEntry("email", 1).containsEntry("github-token", 1)
                .containsEntry("uri-password", 1);
    }

    @Test
    void anUnmaskedDocumentComesOutByteForByte() {
        String body = "{ \"a\" : [1, 2.5e3, -7, true, false, null, \"x\\\"y\", {\"b\": \"\\u00e9\"}] }\n";

        assertThat(engine.maskJson(body, Plans.allRedact()).text()).isSameAs(body);
    }

    @Test
    void fieldPathsMaskWholeValuesOfAnyType() {
        String body = """
                {"user": {"password": 12345, "profile": {"ssn": "x"}, "name": "Jane"},
                 "items": [{"token": "a"}, {"token": "b", "keep": "c"}],
                 "deep": {"x": {"y": {"apiKey": "short"}}},
                 "secretBlock": {"nested": [1, 2, {"z": "}"}]}, "after": 1}""";

        MaskResult result = engine.maskJson(body, Plans.fields("$.user.password", "user.profile", "items[*].token",
                "**.apikey", "$.secretBlock"));
        JsonNode tree = JSON.readTree(result.text());

        assertThat(tree.at("/user/password").asString()).isEqualTo("[REDACTED:field]");
        assertThat(tree.at("/user/profile").asString()).isEqualTo("[REDACTED:field]");
        assertThat(tree.at("/items/0/token").asString()).isEqualTo("[REDACTED:field]");
        assertThat(tree.at("/items/1/token").asString()).isEqualTo("[REDACTED:field]");
        assertThat(tree.at("/items/1/keep").asString()).isEqualTo("c");
        assertThat(tree.at("/deep/x/y/apiKey").asString()).isEqualTo("[REDACTED:field]");
        assertThat(tree.at("/secretBlock").asString()).isEqualTo("[REDACTED:field]");
        assertThat(tree.at("/after").asInt()).isEqualTo(1);
        assertThat(tree.at("/user/name").asString()).isEqualTo("Jane");
        assertThat(result.counts().count(MaskingCounts.FIELD)).isEqualTo(6);
    }

    @Test
    void fieldPathsAreAnchoredAtTheRootUnlessTheyStartWithAnyDepth() {
        String body = "{\"password\": \"a\", \"inner\": {\"password\": \"b\"}, \"list\": [\"p\", \"q\"]}";

        JsonNode rooted = JSON.readTree(engine.maskJson(body, Plans.fields("password", "list[1]")).text());
        JsonNode anyDepth = JSON.readTree(engine.maskJson(body, Plans.fields("**.password")).text());

        assertThat(rooted.at("/password").asString()).isEqualTo("[REDACTED:field]");
        assertThat(rooted.at("/inner/password").asString()).isEqualTo("b");
        assertThat(rooted.at("/list/0").asString()).isEqualTo("p");
        assertThat(rooted.at("/list/1").asString()).isEqualTo("[REDACTED:field]");
        assertThat(anyDepth.at("/password").asString()).isEqualTo("[REDACTED:field]");
        assertThat(anyDepth.at("/inner/password").asString()).isEqualTo("[REDACTED:field]");
    }

    @Test
    void valuesOfSecretNamedFieldsAreCheckedWhole() {
        String body = "{\"client_secret\": \"correct horse battery staple\", \"password\": \"${DB_PASSWORD}\", "
                + "\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\", \"next_page_token\": \"CAEQARoGCgQIARAB\"}";

        JsonNode tree = JSON.readTree(engine.maskJson(body, Plans.allRedact()).text());

        assertThat(tree.at("/client_secret").asString()).isEqualTo("[REDACTED:secret-assignment]");
        assertThat(tree.at("/password").asString()).isEqualTo("${DB_PASSWORD}");
        assertThat(tree.at("/SecretAccessKey").asString()).isEqualTo("[REDACTED:aws-secret-key]");
        assertThat(tree.at("/next_page_token").asString()).isEqualTo("CAEQARoGCgQIARAB");
    }

    @Test
    void escapedValuesAreDecodedBeforeDetectionAndReEncodedAfter() {
        String body = "{\"url\": \"https:\\/\\/u:S3cretPw@h.example.com\\/x\", "
                + "\"key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n\", "
                + "\"quote\": \"say \\\"hi\\\" to jane@example.com\"}";

        MaskResult result = engine.maskJson(body, Plans.allRedact());
        JsonNode tree = JSON.readTree(result.text());

        assertThat(tree.at("/url").asString()).isEqualTo("https://u:[REDACTED:uri-password]@h.example.com/x");
        assertThat(tree.at("/key").asString()).isEqualTo("[REDACTED:private-key]\n");
        assertThat(tree.at("/quote").asString()).isEqualTo("say \"hi\" to [REDACTED:email]");
    }

    @Test
    void cardNumbersSentAsJsonNumbersBecomeStrings() {
        JsonNode tree = JSON.readTree(engine.maskJson("{\"pan\": 4111111111111111, \"id\": 4111111111111112}",
                Plans.allRedact()).text());

        assertThat(tree.at("/pan").asString()).isEqualTo("[REDACTED:card]");
        assertThat(tree.at("/id").asLong()).isEqualTo(4111111111111112L);
    }

    @Test
    void fieldNamesAreScannedToo() {
        JsonNode tree = JSON.readTree(engine.maskJson("{\"byEmail\": {\"jane@example.com\": {\"visits\": 3}}}",
                Plans.allRedact()).text());

        assertThat(tree.at("/byEmail").propertyNames()).containsExactly("[REDACTED:email]");
    }

    @Test
    void ndjsonIsASequenceOfDocuments() {
        String body = "{\"a\": \"jane@example.com\"}\n{\"a\": \"ok\"}\n[\"AKIAIOSFODNN7EXAMPLE\"]\n";

        assertThat(engine.maskJson(body, Plans.allRedact()).text())
                .isEqualTo("{\"a\": \"[REDACTED:email]\"}\n{\"a\": \"ok\"}\n[\"[REDACTED:aws-access-key]\"]\n");
    }

    @Test
    void invalidJsonIsMaskedAsTextFromWhereItBreaks() {
        String body = "{\"ok\": 1} trailing garbage password=Tr0ub4dor&3x and jane@example.com";
        StreamMasker stream = engine.stream(BodyKind.JSON, Plans.allRedact());
        byte[] in = body.getBytes(StandardCharsets.UTF_8);

        String out = new String(stream.write(in, 0, in.length), StandardCharsets.UTF_8)
                + new String(stream.finish(), StandardCharsets.UTF_8);

        assertThat(out).isEqualTo("{\"ok\": 1} trailing garbage password=[REDACTED:secret-assignment] and [REDACTED:email]");
        assertThat(stream.degraded()).isTrue();
    }

    @Test
    void aBodyCutOffInsideAStringIsStillMasked() {
        String body = "{\"a\": \"token " + GITHUB;

        assertThat(engine.maskJson(body, Plans.allRedact()).text()).isEqualTo("{\"a\": \"token [REDACTED:github-token]");
    }

    @Test
    void chunkBoundariesAnywhereGiveTheSameOutputAsOneShot() {
        String body = """
                {"items": [{"id": 1, "token": "%s", "card": 4111111111111111},
                 {"note": "escaped \\"jane@example.com\\"", "url": "https:\\/\\/u:S3cretPw@h\\/x"},
                 {"deep": {"password": "Tr0ub4dor&3x"}}, true, null, -12.5e-3]}""".formatted(GITHUB);
        MaskingPlan plan = Plans.fields("items[2].deep");
        String oneShot = engine.maskJson(body, plan).text();
        byte[] in = body.getBytes(StandardCharsets.UTF_8);

        for (int chunk = 1; chunk <= 17; chunk++) {
            assertThat(streamed(in, chunk, plan)).as("chunk " + chunk).isEqualTo(oneShot);
        }
        JSON.readTree(oneShot);
    }

    private String streamed(byte[] in, int chunk, MaskingPlan plan) {
        StreamMasker stream = engine.stream(BodyKind.JSON, plan);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < in.length; k += chunk) {
            out.writeBytes(stream.write(in, k, Math.min(chunk, in.length - k)));
        }
        out.writeBytes(stream.finish());
        return out.toString(StandardCharsets.UTF_8);
    }
}
