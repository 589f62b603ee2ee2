package dev.gatehouse.policy.shell;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random shell-ish text (quotes, operators, substitutions, wrappers) never makes the parser throw: every
 * input is either read or unparsed. Bounded and seeded; the seed and the input are printed on failure.
 */
class ShellParserFuzzTests {

    private static final long SEED = Long.getLong("gatehouse.fuzz.seed", 4_720_2026L);
    private static final String[] PIECES = {" ", "'", "\"", "\\", "$", "(", ")", "{", "}", "`", ";", "&", "|", "<", ">",
            "\n", "#", "=", "*", "?", "[", "]", "-c", "-", "rm", "ls", "sudo", "env", "bash", "eval", "xargs", "find",
            "-exec", "$(", "${", "$((", "<<", "<(", "2>&1", "if", "then", "fi", "for", "do", "done", "case", "a=b", "x"};

    @Test
    void randomTextIsReadOrUnparsedNeverAnError() {
        Random random = new Random(SEED);
        int parsed = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(24);
            for (int i = 0; i < pieces; i++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            try {
                ShellScript script = ShellParser.parse(text.toString());
                parsed += script.parsed() ? 1 : 0;
                assertThat(script.parsed() ? !script.commands().isEmpty() : script.unparsed() != null).isTrue();
            } catch (RuntimeException | StackOverflowError e) {
                fail("seed " + SEED + ", round " + round + ", input " + text.toString().replace("\n", "\\n") + ": " + e, e);
            }
        }
        assertThat(parsed).as("some inputs are readable, or the fuzz only tests refusals").isPositive();
    }
}
