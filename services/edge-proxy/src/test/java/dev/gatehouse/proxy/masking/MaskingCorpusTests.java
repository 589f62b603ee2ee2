package dev.gatehouse.proxy.masking;

import dev.gatehouse.model.MaskingDirectives;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precision and recall of every detector on the labelled corpus (all detectors on, phone included).
 * A positive counts as found only if its detector reported it AND none of its marked secrets is left in
 * the output: a detector that fires but leaves part of the secret in clear has missed. Any detector
 * reported on a negative, or on a positive labelled otherwise, is a false positive.
 */
class MaskingCorpusTests {

    private static final double MIN_RECALL = 0.99;
    private static final double MIN_PRECISION = 0.98;

    private final MaskingEngine engine = new MaskingEngine();
    private final MaskingPlan plan = MaskingPlan.compile(new MaskingDirectives(null, null, List.of("all", "phone"),
            MaskingDirectives.MaskingStyle.REDACT, null), null);

    @Test
    void corpusIsLargeAndCoversEveryDetector() {
        List<Corpus.Sample> positives = Corpus.positives();
        assertThat(positives).hasSizeGreaterThanOrEqualTo(300);
        assertThat(Corpus.negatives()).hasSizeGreaterThanOrEqualTo(300);
        for (Detector detector : Detector.values()) {
            assertThat(positives.stream().filter(s -> s.labels().contains(detector.id())).count())
                    .as(detector.id()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void detectorsMeetRecallAndPrecisionTargets() {
        Map<String, int[]> stats = new LinkedHashMap<>(); // id -> {tp, fp, fn}
        for (Detector d : Detector.values()) {
            stats.put(d.id(), new int[3]);
        }
        List<String> failures = new ArrayList<>();
        for (Corpus.Sample sample : concat(Corpus.positives(), Corpus.negatives())) {
            MaskResult result = engine.maskText(sample.text(), plan);
            Set<String> found = result.counts().asMap().keySet();
            boolean leaked = sample.secrets().stream().anyMatch(result.text()::contains);
            for (String label : sample.labels()) {
                boolean hit = found.contains(label) && !leaked;
                stats.get(label)[hit ? 0 : 2]++;
                if (!hit) {
                    failures.add("MISS " + label + " " + where(sample) + " -> " + found + (leaked ? " (leaked)" : ""));
                }
            }
            for (String id : found) {
                if (!sample.labels().contains(id)) {
                    stats.get(id)[1]++;
                    failures.add("FALSE " + id + " " + where(sample) + ": " + result.text().replace("\n", "\\n"));
                }
            }
        }
        int[] total = new int[3];
        System.out.println(table(stats, total));
        failures.forEach(System.out::println);
        assertThat(recall(total)).as("overall recall").isGreaterThanOrEqualTo(MIN_RECALL);
        assertThat(precision(total)).as("overall precision").isGreaterThanOrEqualTo(MIN_PRECISION);
    }

    @Test
    void streamingInTinyChunksMasksExactlyLikeOneShot() {
        for (Corpus.Sample sample : concat(Corpus.positives(), Corpus.negatives())) {
            String oneShot = engine.maskText(sample.text(), plan).text();
            byte[] in = sample.text().getBytes(StandardCharsets.UTF_8);
            StreamMasker stream = engine.stream(BodyKind.TEXT, plan);
            StringBuilder out = new StringBuilder();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int k = 0; k < in.length; k += 7) {
                bytes.writeBytes(stream.write(in, k, Math.min(7, in.length - k)));
            }
            bytes.writeBytes(stream.finish());
            out.append(bytes.toString(StandardCharsets.UTF_8));
            assertThat(out.toString()).as(where(sample)).isEqualTo(oneShot);
        }
    }

    private static String table(Map<String, int[]> stats, int[] total) {
        StringBuilder t = new StringBuilder(String.format("%n%-18s %5s %5s %5s %9s %7s%n", "detector", "tp", "fp",
                "fn", "precision", "recall"));
        stats.forEach((id, s) -> {
            t.append(String.format("%-18s %5d %5d %5d %9.3f %7.3f%n", id, s[0], s[1], s[2], precision(s), recall(s)));
            for (int k = 0; k < 3; k++) {
                total[k] += s[k];
            }
        });
        t.append(String.format("%-18s %5d %5d %5d %9.3f %7.3f%n", "OVERALL", total[0], total[1], total[2],
                precision(total), recall(total)));
        return t.toString();
    }

    private static double precision(int[] s) {
        return s[0] + s[1] == 0 ? 1.0 : (double) s[0] / (s[0] + s[1]);
    }

    private static double recall(int[] s) {
        return s[0] + s[2] == 0 ? 1.0 : (double) s[0] / (s[0] + s[2]);
    }

    private static String where(Corpus.Sample sample) {
        return sample.source() + ":" + sample.line();
    }

    private static List<Corpus.Sample> concat(List<Corpus.Sample> a, List<Corpus.Sample> b) {
        List<Corpus.Sample> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
