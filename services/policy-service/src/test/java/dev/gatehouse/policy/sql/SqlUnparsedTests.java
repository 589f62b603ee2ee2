package dev.gatehouse.policy.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What cannot be classified with certainty is reported unparsed, with an error that quotes no literal. */
class SqlUnparsedTests {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();

    @ParameterizedTest
    @ValueSource(strings = {
            "DR/**/OP TABLE t",
            "SELECT (1; DROP TABLE t)",
            "SELECT 1 // 2",
            "SELECT 'a' 'b'",
            "SELECT 'a' /* no newline */ 'b'",
            "SELECT * FROM \"a.b\"",
            "SELECT 123abc",
            "SELECT $1abc",
            "SELECT 1 \\ 2",
            "SELECT { fn now() }",
            "DELETE FROM t WHERE CURRENT OF c",
            "CREATE SCHEMA s CREATE TABLE t (a int)",
            "PREPARE p",
            "COPY t",
            "EXPLAIN",
            "FROBNICATE ALL THE THINGS",
            "SELECT U&\"x\" UESCAPE 'a'",
            "SELECT U&\"\\zzzz\"",
            "SELECT \"\"",
            "SELECT 'a\\'; DROP TABLE t; --'",
    })
    void refusesToGuess(String sql) {
        SqlAnalysis analysis = CLASSIFIER.classify(sql);

        assertThat(analysis.anyUnparsed()).as("%s", analysis.statements()).isTrue();
        assertThat(analysis.statements()).filteredOn(statement -> !statement.parsed())
                .allSatisfy(statement -> assertThat(statement.parseError()).isNotBlank());
    }

    @Test
    void parseErrorsNeverQuoteLiterals() {
        // Given statements carrying secrets in literals that the parser rejects
        String secret = "hunter2-s3cr3t";
        for (String sql : new String[] {
                "SELECT '" + secret + "' FROM WHERE",
                "UPDATE users SET password = '" + secret + "' WHERE CURRENT OF c",
                "SELECT 4111111111111111 FROM FROM",
                "SELECT '" + secret,
                "SELECT \"" + secret}) {
            // When classified / Then the error names no literal
            SqlStatement statement = CLASSIFIER.classify(sql).statements().getFirst();
            assertThat(statement.parsed()).isFalse();
            assertThat(statement.parseError()).doesNotContain(secret).doesNotContain("4111");
        }
    }

    @Test
    void unparsedWritesStillShowTheirKind() {
        SqlStatement statement = CLASSIFIER.classify("DELETE FROM t WHERE CURRENT OF c").statements().getFirst();

        assertThat(statement.parsed()).isFalse();
        assertThat(statement.kinds()).contains(SqlKind.DELETE);
    }

    @Test
    void inputsOverTheLimitsAreUnparsed() {
        SqlClassifier small = new SqlClassifier(1_000, 100, Duration.ofMillis(500));

        assertThat(small.classify("SELECT 1; " + "-- padding\n".repeat(200)).anyUnparsed()).isTrue();
        assertThat(small.classify("SELECT " + "a, ".repeat(50) + "b FROM t").anyUnparsed()).isTrue();
        assertThat(small.classify("SELECT 1").anyUnparsed()).isFalse();
    }

    @Test
    void pathologicalNestingIsUnparsedNotACrash() {
        String deep = "SELECT " + "(".repeat(5_000) + "1" + ")".repeat(5_000);
        String wide = "SELECT " + "a + ".repeat(20_000) + "1 FROM t";
        String wrapped = "EXPLAIN ".repeat(50) + "SELECT 1";

        assertThat(CLASSIFIER.classify(deep).anyUnparsed()).isTrue();
        assertThat(CLASSIFIER.classify(wrapped).anyUnparsed()).isTrue();
        assertThat(CLASSIFIER.classify(wide).statements()).hasSize(1);
    }

    @Test
    void backslashesThatDoNotMoveAQuoteKeepTheStatementAnalysable() {
        SqlStatement statement = CLASSIFIER.classify("SELECT * FROM files WHERE path LIKE 'C:\\temp\\%'")
                .statements().getFirst();

        assertThat(statement.parsed()).isTrue();
        assertThat(statement.tables()).containsExactly("files");
    }
}
