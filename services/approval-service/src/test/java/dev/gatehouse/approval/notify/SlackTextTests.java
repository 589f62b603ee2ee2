package dev.gatehouse.approval.notify;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Protocol;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SlackTextTests {

    @Test
    void escapesSlackControlCharacters() {
        assertThat(SlackText.escape("a & <b> <!here>")).isEqualTo("a &amp; &lt;b&gt; &lt;!here&gt;");
    }

    @Test
    void keepsTheCommandInsideOneCodeBlock() {
        String text = SlackText.of(approval("x ```\n*bold* ``` ````` `", "conn", "sub"));

        assertThat(text.split("```", -1)).hasSize(3);
        assertThat(text).endsWith("\n```");
    }

    @Test
    void flattensValuesOutsideTheCodeBlock() {
        String text = SlackText.of(approval("ok", "conn`\n*Approved*", "<!channel>\nsub`"));
        String header = text.substring(0, text.indexOf("```"));

        assertThat(header).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
        assertThat(header.lines().count()).isEqualTo(2);
        assertThat(header.chars().filter(c -> c == '`').count()).isEqualTo(6);
    }

    @Test
    void truncatesAVeryLongCommand() {
        String text = SlackText.of(approval("y".repeat(10_000), "conn", "sub"));

        assertThat(text.length()).isLessThan(SlackText.MAX_COMMAND + 500);
        assertThat(text).contains("[truncated]");
    }

    private static Approval approval(String command, String connection, String subject) {
        return new Approval(UUID.randomUUID(), ApprovalStatus.PENDING, "s", new CallerIdentity("i", subject, Map.of()),
                connection, Protocol.HTTP, command, "f", "rule", 1L, "gatehouse-reviewer", 1, List.of(), Instant.now(),
                Instant.now(), null, null, null, 1, "https://approvals.example/api/v1/approvals/x");
    }
}
