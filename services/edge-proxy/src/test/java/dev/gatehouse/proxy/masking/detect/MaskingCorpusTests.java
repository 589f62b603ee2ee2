package dev.gatehouse.proxy.masking.detect;

import dev.gatehouse.proxy.masking.BodyKind;
import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.StreamMasker;
import dev.gatehouse.proxy.masking.detect.Detector;
import dev.gatehouse.model.MaskingDirectives;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precision and recall of every detector, reported per family, on the labelled corpus: the hand-written
 * TSV samples ({@code src/test/resources/masking/}), the generated fakes of every credential format
 * ({@link GeneratedCorpus}) and over 10 MB of real clean text ({@link RealTextCorpus},
 * {@link DerivedNegatives}). All detectors are on, phone included. A positive counts as found only if its
 * detector reported it AND none of its marked secrets is left in the output: a detector that fires but
 * leaves part of the secret in clear has missed. Any detector reported on a negative, or on a positive
 * labelled otherwise, is a false positive. Fails below recall {@value #MIN_RECALL} or precision
 * {@value #MIN_PRECISION} in any family.
 */
class MaskingCorpusTests {

    private static final double MIN_RECALL = 0.99;
    private static final double MIN_PRECISION = 0.98;

    private final MaskingEngine engine = new MaskingEngine();
    private final MaskingPlan plan = MaskingPlan.compile(new MaskingDirectives(null, null, List.of("all", "phone"),
            MaskingDirectives.MaskingStyle.REDACT, null), null);
    /**
     * The real text holds real e-mail addresses (authors and maintainers in source headers and docs): finding
     * them is right, not a false positive, so that detector alone is off for the real text.
     */
    private final MaskingPlan realTextPlan = MaskingPlan.compile(new MaskingDirectives(null, null,
            java.util.Arrays.stream(Detector.values()).map(Detector::id).filter(id -> !id.equals("email")).toList(),
            MaskingDirectives.MaskingStyle.REDACT, null), null);

    @Test
    void corpusIsLargeAndCoversEveryDetectorAndFamily() {
        List<Corpus.Sample> positives = positives();
        RealTextCorpus.Files real = RealTextCorpus.files();

        long derived = DerivedNegatives.of(real).stream().mapToLong(s -> s.text().length()).sum();
        System.out.printf("corpus: %d positives (%d TSV, %d generated) over %d formats; negatives: %d TSV lines, "
                        + "%d real files = %,d bytes, %d derived samples = %,d bytes%n", positives.size(),
                Corpus.positives().size(), positives.size() - Corpus.positives().size(), GeneratedCorpus.formats().size(),
                Corpus.negatives().size(), real.texts().size(), real.bytes(), DerivedNegatives.of(real).size(), derived);
        assertThat(positives).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(GeneratedCorpus.formats().stream().map(FakeFormat::name).distinct()).hasSizeGreaterThanOrEqualTo(100);
        for (Detector detector : Detector.values()) {
            assertThat(positives.stream().filter(s -> s.labels().contains(detector.id())).count())
                    .as(detector.id()).isGreaterThanOrEqualTo(8);
        }
        assertThat(real.bytes()).as("real clean text").isGreaterThanOrEqualTo(RealTextCorpus.MIN_BYTES);
        assertThat(real.texts().stream().map(Corpus.Sample::source)).anyMatch(s -> s.endsWith(".min.js"))
                .anyMatch(s -> s.endsWith(".java")).anyMatch(s -> s.endsWith(".xsd"));
        assertThat(Corpus.negatives()).hasSizeGreaterThanOrEqualTo(300);
    }

    @Test
    void everyFamilyMeetsTheRecallAndPrecisionTargets() {
        CorpusScore score = new CorpusScore();
        for (Corpus.Sample sample : Corpus.positives()) {
            score.add(sample, engine.maskText(sample.text(), plan));
        }
        for (Corpus.Sample sample : GeneratedCorpus.positives()) {
            score.add(sample, engine.maskPayload(sample.text(), plan));
        }
        for (Corpus.Sample sample : Corpus.negatives()) {
            score.add(sample, engine.maskText(sample.text(), plan));
        }
        for (Corpus.Sample sample : realText()) {
            score.add(sample, engine.maskText(sample.text(), realTextPlan));
        }
        System.out.println(score.table());
        score.failures().forEach(System.out::println);
        for (Detector.Family family : Detector.Family.values()) {
            assertThat(score.recall(family)).as("recall of " + family.id()).isGreaterThanOrEqualTo(MIN_RECALL);
            assertThat(score.precision(family)).as("precision of " + family.id()).isGreaterThanOrEqualTo(MIN_PRECISION);
        }
    }

    @Test
    void streamingInTinyChunksMasksExactlyLikeOneShot() {
        for (Corpus.Sample sample : Stream.concat(positives().stream(), Corpus.negatives().stream()).toList()) {
            String oneShot = engine.maskText(sample.text(), plan).text();
            byte[] in = sample.text().getBytes(StandardCharsets.UTF_8);
            StreamMasker stream = engine.stream(BodyKind.TEXT, plan);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int k = 0; k < in.length; k += 7) {
                bytes.writeBytes(stream.write(in, k, Math.min(7, in.length - k)));
            }
            bytes.writeBytes(stream.finish());
            assertThat(bytes.toString(StandardCharsets.UTF_8)).as(sample.source() + ":" + sample.line()).isEqualTo(oneShot);
        }
    }

    private static List<Corpus.Sample> positives() {
        List<Corpus.Sample> all = new ArrayList<>(Corpus.positives());
        all.addAll(GeneratedCorpus.positives());
        return all;
    }

    private static List<Corpus.Sample> realText() {
        List<Corpus.Sample> all = new ArrayList<>(RealTextCorpus.files().texts());
        all.addAll(DerivedNegatives.of(RealTextCorpus.files()));
        return all;
    }
}
