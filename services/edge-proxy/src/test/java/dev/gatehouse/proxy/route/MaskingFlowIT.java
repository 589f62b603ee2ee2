package dev.gatehouse.proxy.route;

import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What the target returns and what the caller sent are masked before the caller and the audit topic see them. */
class MaskingFlowIT extends ProxyIntegrationTest {

    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";
    private static final String CARD = "4666176031372159";
    private static final String GITHUB_TOKEN = "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";

    private static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @Test
    void aLeakyJsonResponseReachesTheCallerMaskedWithItsStructureKept() {
        TARGET.respond(200, "{\"key\":\"" + AWS_KEY + "\",\"owner\":{\"name\":\"Ada\",\"card\":\"" + CARD + "\"},\"n\":3}");
        POLICY.respond(200, allow("rule-allow-reads").replaceFirst("\\}$",
                ",\"masking\":{\"detectors\":[\"secrets\",\"pii\"],\"style\":\"REDACT\"}}"));

        HttpResponse<String> response = get("/proxy/mask-demo/config", agentToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(AWS_KEY).doesNotContain(CARD)
                .contains("[REDACTED:aws-access-key]").contains("[REDACTED:card]").contains("\"n\":3")
                .contains("\"name\":\"Ada\"");

        String sessionId = response.headers().firstValue("Gatehouse-Audit-Id")
                .map(id -> AuditTopic.json(audit.await(event -> event.path("id").asString().equals(id)))
                        .path("sessionId").asString()).orElseThrow();
        ConsumerRecord<String, String> recorded = audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals("RESPONSE"));
        assertThat(recorded.value()).doesNotContain(AWS_KEY).doesNotContain(CARD);
        JsonNode event = AuditTopic.json(recorded);
        assertThat(event.path("masking").path("aws-access-key").asInt()).isEqualTo(1);
        assertThat(event.path("masking").path("card").asInt()).isEqualTo(1);
        assertThat(event.path("payload").asString()).contains("Ada");
    }

    @Test
    void theAuditTrailMasksEvenWhatTheRuleLetThrough() {
        TARGET.respond(200, "{\"note\":\"card " + CARD + "\"}");
        POLICY.respond(200, allow("rule-allow-reads").replaceFirst("\\}$",
                ",\"masking\":{\"detectors\":[\"secrets\"]}}"));

        HttpResponse<String> response = get("/proxy/mask-demo/notes", agentToken());

        assertThat(response.body()).as("the rule masks secrets only").contains(CARD);
        String id = response.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        String sessionId = AuditTopic.json(audit.await(e -> e.path("id").asString().equals(id))).path("sessionId").asString();
        ConsumerRecord<String, String> recorded = audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals("RESPONSE"));
        assertThat(recorded.value()).as("the trail masks with every detector").doesNotContain(CARD);
    }

    @Test
    void aSecretTheCallerPutsInTheQueryIsMaskedInTheRequestEvent() {
        HttpResponse<String> response = get("/proxy/mask-demo/search?token=" + GITHUB_TOKEN, agentToken());

        String id = response.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        ConsumerRecord<String, String> request = audit.await(e -> e.path("id").asString().equals(id));
        assertThat(request.value()).doesNotContain(GITHUB_TOKEN);
        assertThat(AuditTopic.json(request).path("masking").properties()).as("counted under its detector").isNotEmpty();
        assertThat(TARGET.last().query()).as("the target still gets what the caller sent").contains(GITHUB_TOKEN);
    }
}
