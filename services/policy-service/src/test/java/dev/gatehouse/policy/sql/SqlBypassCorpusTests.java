package dev.gatehouse.policy.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every entry of {@code sql/bypass-corpus.txt} disguises something a policy wants to catch. The
 * classifier must name that kind on some statement of the string, or report a statement it could not
 * analyse (which the evaluator never allows).
 */
class SqlBypassCorpusTests {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();

    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> entries = new ArrayList<>();
        for (String line : lines()) {
            int bar = line.indexOf(" | ");
            SqlKind kind = SqlKind.byPolicyName(line.substring(0, bar).strip()).orElseThrow();
            entries.add(Arguments.of(kind, unescape(line.substring(bar + 3))));
        }
        return entries.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void detectsTheDisguisedKindOrRefusesToGuess(SqlKind kind, String sql) {
        // Given a disguised attempt / When it is classified
        SqlAnalysis analysis = CLASSIFIER.classify(sql);

        // Then the kind is named, or some statement is unparsed (never allowed)
        boolean detected = analysis.statements().stream().anyMatch(statement -> statement.kinds().contains(kind));
        assertThat(detected || analysis.anyUnparsed())
                .as("classification %s", analysis.statements())
                .isTrue();
    }

    @Test
    void corpusIsLargeEnough() throws IOException {
        assertThat(lines()).hasSizeGreaterThanOrEqualTo(45);
    }

    private static List<String> lines() throws IOException {
        try (InputStream in = SqlBypassCorpusTests.class.getResourceAsStream("/sql/bypass-corpus.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            out.append(switch (next) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'f' -> '\f';
                case 'v' -> '\u000b';
                case '\\' -> '\\';
                default -> throw new IllegalArgumentException("unknown escape \\" + next + " in " + text);
            });
        }
        return out.toString();
    }
}
