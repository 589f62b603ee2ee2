package dev.gatehouse.proxy.masking.detect;

import dev.gatehouse.proxy.masking.detect.Detector;
import dev.gatehouse.proxy.masking.detect.DetectorCatalog;
import dev.gatehouse.proxy.masking.detect.TokenFormats;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MASKING.md's detector list is the enum rendered (ids, families, shapes, validators), so it cannot drift:
 * when a detector changes, this fails and writes the table it expects to {@code target/}, to paste in.
 * Also: every shape a prefixed or named format is matched with compiles, and every generated fake of the
 * corpus matches its detector's documented shape exactly.
 */
class DetectorDocsTests {

    private static final String BEGIN = "<!-- detectors:begin (generated from Detector by DetectorDocsTests) -->\n";
    private static final String END = "<!-- detectors:end -->";

    @Test
    void masking_mdListsExactlyTheDetectorsWithTheirFamiliesShapesAndValidators() throws IOException {
        String doc = Files.readString(Path.of("MASKING.md"), StandardCharsets.UTF_8);
        String expected = table();
        Files.writeString(Path.of("target", "MASKING-detectors.md"), expected, StandardCharsets.UTF_8);

        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("MASKING.md has the generated section").isNotNegative();
        assertThat(doc.substring(begin + BEGIN.length(), end))
                .as("MASKING.md's detector table is out of date: paste target/MASKING-detectors.md between the markers")
                .isEqualTo(expected);
    }

    @Test
    void everyGeneratedFakeMatchesItsDetectorsDocumentedShape() {
        for (FakeFormat format : GeneratedCorpus.formats()) {
            Detector detector = DetectorCatalog.byId(format.detector());
            if (!isRegex(detector)) {
                continue; // hand-written matchers document a shape in prose (AWS, GitHub, Slack, ...)
            }
            Pattern shape = TokenFormats.shape(detector);
            Fakes fakes = new Fakes(format.name().hashCode());
            for (int k = 0; k < 20; k++) {
                FakeFormat.Fake fake = format.make().apply(fakes);
                java.util.regex.Matcher m = shape.matcher(fake.value());
                assertThat(format.kind() == FakeFormat.Kind.COMPOUND ? m.find() : m.matches())
                        .as(format.name() + " " + fake.value() + " ~ " + detector.shape()).isTrue();
            }
        }
    }

    static boolean isRegex(Detector detector) {
        return TokenFormats.all().stream().anyMatch(f -> f.detector() == detector) || detector.validator().startsWith("named")
                || detector.validator().startsWith("anchored");
    }

    private static String table() {
        StringBuilder t = new StringBuilder();
        for (Detector.Family family : Detector.Family.values()) {
            t.append("\n**").append(family.id()).append("**\n\n| id | shape | validator / context |\n|---|---|---|\n");
            for (Detector d : Detector.values()) {
                if (d.family() == family) {
                    t.append("| `").append(d.id()).append(d.optIn() ? "` (opt-in)" : "`").append(" | `")
                            .append(d.shape().replace("|", "\\|")).append("` | ").append(d.validator().replace("|", "\\|"))
                            .append(" |\n");
                }
            }
        }
        return t.append('\n').toString();
    }
}
