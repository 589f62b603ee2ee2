package dev.gatehouse.approval.notify;

import dev.gatehouse.approval.ApprovalServiceTestBase;
import dev.gatehouse.approval.WebhookReceiver.Delivery;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** New requests reach the channels they name, through a real local webhook receiver. */
@ExtendWith(OutputCaptureExtension.class)
class NotificationsIT extends ApprovalServiceTestBase {

    /** Everything a crafted command could use to forge or disturb a Slack message. */
    static final String HOSTILE = "DROP TABLE x; -- ```\n*Approved by the CISO* <!channel> <@U024BE7LH> "
            + "<https://evil.example|click here> & \"quoted\" 'single'\n```";

    @Test
    void postsASlackMessageThatTheCommandCannotForge() {
        ApprovalRequest request = hostile(List.of("reviewers-slack"));
        String id = create(request).get("id").asString();

        Delivery delivery = awaitDelivery("/slack", id);
        String text = JSON.readTree(delivery.body()).get("text").asString();

        assertThat(delivery.contentType()).startsWith("application/json");
        assertThat(text).doesNotContain("<!channel>", "<@U024BE7LH>", "<https://evil.example|click here>")
                .contains("&lt;!channel&gt;", "&lt;https://evil.example|click here&gt;", "&amp;", "\"quoted\"");
        // exactly one code block: the command's own ``` cannot close it
        assertThat(text.split("```", -1)).hasSize(3);
        String block = text.substring(text.indexOf("```") + 3, text.lastIndexOf("```"));
        assertThat(block).contains("*Approved by the CISO*", "DROP TABLE x;");
        assertThat(text.substring(0, text.indexOf("```"))).doesNotContain("CISO");
    }

    @Test
    void postsTheGenericJsonFormAndRetriesAFailedDelivery() {
        ApprovalRequest request = hostile(List.of("pager"));
        JsonNode created = create(request);
        String id = created.get("id").asString();

        // the receiver answers the first delivery to /flaky-json with 503
        await().atMost(Duration.ofSeconds(20)).until(() -> WEBHOOKS.deliveries("/flaky-json").stream()
                .filter(d -> d.body().contains(id)).count() >= 1
                && WEBHOOKS.deliveries("/flaky-json").size() >= 2);
        Delivery delivery = awaitDelivery("/flaky-json", id);
        JsonNode notice = JSON.readTree(delivery.body());

        assertThat(notice.get("approvalId").asString()).isEqualTo(id);
        assertThat(notice.get("connection").asString()).isEqualTo("orders-db");
        assertThat(notice.get("requester").asString()).isEqualTo(AGENT.subject());
        assertThat(notice.get("ruleId").asString()).isEqualTo("drops-need-review");
        assertThat(notice.get("command").asString()).isEqualTo(HOSTILE);
        assertThat(notice.get("url").asString()).isEqualTo(created.get("url").asString());
        assertThat(notice.get("expiresAt").asString()).isEqualTo(created.get("expiresAt").asString());
    }

    @Test
    void createsTheRequestEvenWhenAChannelIsUnknown(CapturedOutput output) {
        ApprovalRequest request = hostile(List.of("no-such-channel", "reviewers-slack"));

        String id = create(request).get("id").asString();

        awaitDelivery("/slack", id);
        assertThat(output.getOut()).contains("no-such-channel");
        assertThat(output.getOut()).doesNotContain(WEBHOOKS.url("/slack"));
    }

    private static Delivery awaitDelivery(String path, String id) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> WEBHOOKS.deliveries(path).stream()
                .filter(d -> d.body().contains(id)).reduce((a, b) -> b).orElse(null), d -> d != null);
    }

    private static ApprovalRequest hostile(List<String> channels) {
        CallerIdentity agent = AGENT;
        return new ApprovalRequest("s-" + UUID.randomUUID(), 3, agent, "orders-db", Protocol.POSTGRES,
                Operation.sql("orders-db", HOSTILE), HOSTILE, "sha256:" + UUID.randomUUID(), "drops-need-review", 12L,
                review(1, Duration.ofMinutes(5), Duration.ZERO, channels));
    }
}
