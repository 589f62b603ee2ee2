package dev.gatehouse.policy.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Statement boundaries as PostgreSQL's lexer draws them (SqlSplitterIT checks a sample against PostgreSQL 17). */
class SqlSplittingTests {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("SELECT 1; SELECT 2", List.of("SELECT 1", "SELECT 2")),
                Arguments.of("SELECT 1;", List.of("SELECT 1")),
                Arguments.of(";; SELECT 1 ;;\n; ", List.of("SELECT 1")),
                Arguments.of("SELECT 'a;b'; SELECT 2", List.of("SELECT 'a;b'", "SELECT 2")),
                Arguments.of("SELECT 'it''s;'; SELECT 2", List.of("SELECT 'it''s;'", "SELECT 2")),
                Arguments.of("SELECT E'\\';'; SELECT 2", List.of("SELECT E'\\';'", "SELECT 2")),
                Arguments.of("SELECT E'\\\\'; SELECT 2", List.of("SELECT E'\\\\'", "SELECT 2")),
                Arguments.of("SELECT $$;$$; SELECT 2", List.of("SELECT $$;$$", "SELECT 2")),
                Arguments.of("SELECT $a$ $$; $a$; SELECT 2", List.of("SELECT $a$ $$; $a$", "SELECT 2")),
                Arguments.of("SELECT \"a;\"\"b\" FROM t; SELECT 2", List.of("SELECT \"a;\"\"b\" FROM t", "SELECT 2")),
                Arguments.of("SELECT U&\"a;\" FROM t; SELECT 2", List.of("SELECT U&\"a;\" FROM t", "SELECT 2")),
                Arguments.of("SELECT 1 -- ; not a break\n; SELECT 2", List.of("SELECT 1 -- ; not a break", "SELECT 2")),
                Arguments.of("/* a /* b */ ; c */ SELECT 1", List.of("/* a /* b */ ; c */ SELECT 1")),
                Arguments.of("SELECT 'a'\n';'; SELECT 2", List.of("SELECT 'a'\n';'", "SELECT 2")),
                Arguments.of("SELECT B'01'\n'1;'; SELECT 2", List.of("SELECT B'01'\n'1;'", "SELECT 2")),
                Arguments.of("CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b); SELECT 2",
                        List.of("CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b)", "SELECT 2")),
                Arguments.of("SELECT a$b$c FROM t; SELECT 2", List.of("SELECT a$b$c FROM t", "SELECT 2")),
                Arguments.of("SELECT 1 /* unterminated ; SELECT 2", List.of("SELECT 1 /* unterminated ; SELECT 2")),
                Arguments.of("SELECT 'unterminated ; SELECT 2", List.of("SELECT 'unterminated ; SELECT 2")),
                Arguments.of("SELECT $q$ unterminated ; SELECT 2", List.of("SELECT $q$ unterminated ; SELECT 2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strings")
    void splitsWherePostgresEndsAStatement(String sql, List<String> statements) {
        // When a multi-statement string is classified
        SqlAnalysis analysis = CLASSIFIER.classify(sql);

        // Then its statements are cut exactly where PostgreSQL would cut them
        assertThat(analysis.statements()).extracting(SqlStatement::text).containsExactlyElementsOf(statements);
    }

    @Test
    void onlyCommentsAndSemicolonsAreNoStatementAtAll() {
        assertThat(CLASSIFIER.classify(" -- nothing\n ; /* here */ ;").statements()).isEmpty();
        assertThat(CLASSIFIER.classify("").statements()).isEmpty();
        assertThat(CLASSIFIER.classify(null).statements()).isEmpty();
    }

    @Test
    void unterminatedConstructsSwallowTheRestAndAreNeverParsed() {
        for (String sql : List.of("SELECT 'x; DROP TABLE t", "SELECT 1 /* ; DROP TABLE t", "SELECT $a$; DROP TABLE t",
                "SELECT \"x; DROP TABLE t")) {
            SqlAnalysis analysis = CLASSIFIER.classify(sql);

            assertThat(analysis.statements()).singleElement().satisfies(statement -> {
                assertThat(statement.parsed()).isFalse();
                assertThat(statement.kinds()).doesNotContain(SqlKind.DROP);
            });
        }
    }
}
