package dev.gatehouse.proxy.masking.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The labelled corpus in {@code src/test/resources/masking/} (see generate_corpus.py there): one sample
 * per line, {@code labels<TAB>text}, secrets marked with « and ».
 */
final class Corpus {

    record Sample(String source, int line, Set<String> labels, String text, List<String> secrets) {
    }

    private Corpus() {
    }

    static List<Sample> positives() {
        return load("positives.tsv");
    }

    static List<Sample> negatives() {
        return load("negatives.tsv");
    }

    static List<Sample> load(String name) {
        List<Sample> samples = new ArrayList<>();
        try (InputStream in = Corpus.class.getResourceAsStream("/masking/" + name);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String labels = line.substring(0, tab).strip();
                samples.add(sample(name, number, labels, unescape(line.substring(tab + 1))));
            }
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
        return samples;
    }

    private static Sample sample(String source, int line, String labels, String marked) {
        List<String> secrets = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int k = 0;
        while (k < marked.length()) {
            int open = marked.indexOf('«', k);
            if (open < 0) {
                text.append(marked, k, marked.length());
                break;
            }
            int close = marked.indexOf('»', open);
            text.append(marked, k, open).append(marked, open + 1, close);
            secrets.add(marked.substring(open + 1, close));
            k = close + 1;
        }
        Set<String> set = labels.isEmpty() ? Set.of() : Set.of(labels.split(","));
        return new Sample(source, line, set, text.toString(), secrets);
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length()) {
                char n = s.charAt(k + 1);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case '\\' -> out.append('\\');
                    default -> out.append(c).append(n);
                }
                k++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
