package dev.gatehouse.proxy.masking.detect;

import dev.gatehouse.proxy.masking.MaskResult;
import dev.gatehouse.proxy.masking.detect.Detector;
import dev.gatehouse.proxy.masking.detect.DetectorCatalog;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * True positives, false positives and misses by detector, summed by family, for {@link MaskingCorpusTests}.
 * Failures are recorded without the secret (a miss names the sample and what was found; a false
 * positive shows the masked text around the match).
 */
final class CorpusScore {

    private static final int TP = 0;
    private static final int FP = 1;
    private static final int FN = 2;

    private final Map<Detector, int[]> byDetector = new EnumMap<>(Detector.class);
    private final List<String> failures = new ArrayList<>();

    CorpusScore() {
        for (Detector d : Detector.values()) {
            byDetector.put(d, new int[3]);
        }
    }

    void add(Corpus.Sample sample, MaskResult result) {
        Map<String, Integer> found = result.counts().asMap();
        boolean leaked = sample.secrets().stream().anyMatch(result.text()::contains);
        for (String label : sample.labels()) {
            boolean hit = found.containsKey(label) && !leaked;
            byDetector.get(DetectorCatalog.byId(label))[hit ? TP : FN]++;
            if (!hit) {
                failures.add("MISS " + label + " " + where(sample) + " -> " + found.keySet() + (leaked ? " (leaked)" : ""));
            }
        }
        found.forEach((id, count) -> {
            if (!sample.labels().contains(id)) {
                byDetector.get(DetectorCatalog.byId(id))[FP] += count;
                failures.add("FALSE " + id + " x" + count + " " + where(sample) + ": " + around(result.text(), id));
            }
        });
    }

    List<String> failures() {
        return failures;
    }

    double precision(Detector.Family family) {
        int[] s = sum(family);
        return s[TP] + s[FP] == 0 ? 1.0 : (double) s[TP] / (s[TP] + s[FP]);
    }

    double recall(Detector.Family family) {
        int[] s = sum(family);
        return s[TP] + s[FN] == 0 ? 1.0 : (double) s[TP] / (s[TP] + s[FN]);
    }

    String table() {
        StringBuilder t = new StringBuilder(String.format("%n%-20s %6s %5s %5s %9s %7s%n", "family", "tp", "fp", "fn",
                "precision", "recall"));
        int[] total = new int[3];
        for (Detector.Family family : Detector.Family.values()) {
            int[] s = sum(family);
            t.append(row(family.id(), s));
            for (int k = 0; k < 3; k++) {
                total[k] += s[k];
            }
        }
        t.append(row("OVERALL", total)).append(String.format("%n%-26s %6s %5s %5s%n", "detector", "tp", "fp", "fn"));
        byDetector.forEach((d, s) -> t.append(String.format("%-26s %6d %5d %5d%n", d.id(), s[TP], s[FP], s[FN])));
        return t.toString();
    }

    private static String row(String name, int[] s) {
        double precision = s[TP] + s[FP] == 0 ? 1.0 : (double) s[TP] / (s[TP] + s[FP]);
        double recall = s[TP] + s[FN] == 0 ? 1.0 : (double) s[TP] / (s[TP] + s[FN]);
        return String.format("%-20s %6d %5d %5d %9.3f %7.3f%n", name, s[TP], s[FP], s[FN], precision, recall);
    }

    private int[] sum(Detector.Family family) {
        int[] s = new int[3];
        byDetector.forEach((d, c) -> {
            if (d.family() == family) {
                for (int k = 0; k < 3; k++) {
                    s[k] += c[k];
                }
            }
        });
        return s;
    }

    private static String where(Corpus.Sample sample) {
        return sample.source() + ":" + sample.line();
    }

    private static String around(String masked, String id) {
        int at = masked.indexOf(":" + id + "]");
        int from = Math.max(0, at - 90);
        return masked.substring(from, Math.min(masked.length(), at + id.length() + 60)).replace("\n", "\\n");
    }
}
