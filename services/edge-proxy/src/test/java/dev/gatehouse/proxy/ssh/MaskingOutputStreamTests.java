package dev.gatehouse.proxy.ssh;

import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.Plans;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command's output on its way to the agent: each line as the host writes it, the trailing word when the host
 * pauses, and a secret the host writes in two pieces back to back still masked whole.
 */
class MaskingOutputStreamTests {

    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";

    private final ByteArrayOutputStream agent = new ByteArrayOutputStream();
    /** A pause of 1 s, not 50 ms: what is checked right after a write cannot race the release. */
    private final MaskingOutputStream stream = new MaskingOutputStream(agent, new MaskingEngine().live(Plans.allRedact()),
            new CapturedOutput(4096), 1000);

    @Test
    void aLineReachesTheAgentWhenTheHostWritesIt() throws Exception {
        write("step 1 of 3 done\n");

        assertThat(seen()).as("not held for a look-ahead window").isEqualTo("step 1 of 3 done\n");
    }

    @Test
    void whatIsHeldGoesOutWhenTheHostPauses() throws Exception {
        write("progress:42%");
        assertThat(seen()).as("the trailing word may still be the start of a token").isEmpty();

        Awaitility.await("released after the pause").atMost(Duration.ofSeconds(5)).until(() -> seen().equals("progress:42%"));
    }

    @Test
    void aSecretWrittenInTwoPiecesBackToBackIsMaskedWhole() throws Exception {
        write("aws_key=" + AWS_KEY.substring(0, 9));
        write(AWS_KEY.substring(9) + " rotated\n");
        stream.close();

        assertThat(seen()).doesNotContain(AWS_KEY.substring(0, 9)).doesNotContain(AWS_KEY.substring(9))
                .contains("[REDACTED:aws-access-key] rotated");
    }

    private void write(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, bytes.length);
    }

    private String seen() {
        synchronized (stream) {
            return agent.toString(StandardCharsets.UTF_8);
        }
    }
}
