package dev.gatehouse.policy.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Where statements mention columns, by position: what column masking judges (see decision.MaskedColumns). */
class ColumnUseTests {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();

    static Stream<Arguments> plainReads() {
        return Stream.of(
                Arguments.of("SELECT id, plan, api_key FROM users", Set.of("id", "plan", "api_key")),
                Arguments.of("SELECT api_key AS k FROM users", Set.of("api_key")),
                Arguments.of("SELECT * FROM users", Set.of(ColumnUse.ALL)),
                Arguments.of("SELECT u.* FROM users u", Set.of(ColumnUse.ALL)),
                Arguments.of("TABLE users", Set.of(ColumnUse.ALL)),
                Arguments.of("(SELECT api_key FROM users)", Set.of("api_key")),
                Arguments.of("WITH x AS (SELECT api_key AS k FROM users) SELECT k FROM x", Set.of("api_key", "k")),
                Arguments.of("SELECT s.k FROM (SELECT api_key AS k FROM users) s", Set.of("api_key", "k")),
                Arguments.of("SELECT x.k FROM users u CROSS JOIN LATERAL (SELECT u.api_key AS k) x", Set.of("api_key", "k")),
                Arguments.of("SELECT public.users.api_key FROM public.users", Set.of("api_key")),
                Arguments.of("SELECT \"API_KEY\" FROM users", Set.of("API_KEY")),
                Arguments.of("EXPLAIN SELECT api_key FROM users", Set.of("api_key")),
                Arguments.of("DECLARE c CURSOR FOR SELECT api_key FROM users", Set.of("api_key")),
                Arguments.of("PREPARE p AS SELECT api_key FROM users WHERE id = $1", Set.of("api_key")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainReads")
    void aPlainColumnOfAQueryWhoseRowsGoToTheClientIsARead(String sql, Set<String> read) {
        // Given a statement returning columns as they are / When classified
        ColumnUse use = columns(sql);

        // Then they are reads, used nowhere else, and no whole row is referenced
        assertThat(use.read()).containsExactlyInAnyOrderElementsOf(read);
        assertThat(use.used()).doesNotContainKeys("api_key", ColumnUse.ALL);
        assertThat(use.wholeRow()).isNull();
    }

    static Stream<Arguments> uses() {
        return Stream.of(
                use("SELECT id FROM users WHERE api_key LIKE 'ak_4%'", "api_key", "WHERE"),
                use("SELECT id FROM users ORDER BY api_key", "api_key", "ORDER BY"),
                use("SELECT id FROM users GROUP BY api_key", "api_key", "GROUP BY"),
                use("SELECT id FROM users GROUP BY id HAVING max(api_key) > 'a'", "api_key", "HAVING"),
                use("SELECT DISTINCT ON (api_key) id FROM users", "api_key", "DISTINCT ON"),
                use("SELECT id FROM users WINDOW w AS (PARTITION BY api_key)", "api_key", "WINDOW"),
                use("SELECT id FROM users LIMIT (SELECT length(api_key) FROM users LIMIT 1)", "api_key", "LIMIT"),
                use("SELECT u.id FROM users u JOIN keys k ON k.key = u.api_key", "api_key", "JOIN ... ON"),
                use("SELECT id FROM users JOIN guesses USING (api_key)", "api_key", "JOIN ... USING"),
                use("SELECT * FROM users NATURAL JOIN guesses", ColumnUse.ALL, "NATURAL JOIN"),
                use("SELECT CAST(api_key AS int) FROM users", "api_key", ClauseNames.SELECT_EXPRESSION),
                use("SELECT lower(api_key) AS k FROM users", "api_key", ClauseNames.SELECT_EXPRESSION),
                use("SELECT id, row_number() OVER (ORDER BY api_key) FROM users", "api_key", ClauseNames.SELECT_EXPRESSION),
                use("SELECT (SELECT api_key FROM users LIMIT 1)", "api_key", ClauseNames.SELECT_EXPRESSION),
                use("SELECT api_key FROM users UNION SELECT 'x'", "api_key", "UNION/INTERSECT/EXCEPT"),
                use("SELECT id FROM users WHERE id IN (SELECT id FROM users WHERE api_key > 'a')", "api_key", "WHERE"),
                use("WITH x AS (SELECT id FROM users WHERE api_key > 'a') SELECT * FROM x", "api_key", "WHERE"),
                use("SELECT id, api_key FROM users ORDER BY 2", "api_key", "ORDER BY, GROUP BY or DISTINCT ON (by position)"),
                use("SELECT * FROM users ORDER BY 1", ColumnUse.ALL, "ORDER BY, GROUP BY or DISTINCT ON (by position)"),
                use("SELECT api_key AS k FROM users ORDER BY k", "k", "ORDER BY"),
                use("INSERT INTO t2 SELECT api_key FROM users", "api_key", "INSERT ... SELECT/VALUES"),
                use("INSERT INTO t2 SELECT * FROM users", ColumnUse.ALL, "INSERT ... SELECT/VALUES"),
                use("INSERT INTO t2 VALUES ((SELECT api_key FROM users LIMIT 1))", "api_key", "INSERT ... SELECT/VALUES"),
                use("INSERT INTO users (id, api_key) VALUES (1, 'g') ON CONFLICT (api_key) DO NOTHING", "api_key",
                        "ON CONFLICT"),
                use("UPDATE users SET plan = api_key WHERE id = 1", "api_key", "SET"),
                use("UPDATE users SET plan = 'x' WHERE id = 1 RETURNING api_key", "api_key", "RETURNING"),
                use("DELETE FROM users WHERE id = 1 RETURNING *", ColumnUse.ALL, "RETURNING"),
                use("MERGE INTO t2 USING users u ON t2.id = u.id WHEN MATCHED THEN UPDATE SET k = u.api_key", "api_key", "MERGE"),
                use("WITH d AS (UPDATE users SET plan = plan WHERE id = 1 RETURNING api_key) SELECT * FROM d", "api_key",
                        ClauseNames.DATA_MODIFYING_WITH),
                use("SELECT api_key INTO t2 FROM users", "api_key", ClauseNames.SELECT_INTO),
                use("CREATE TABLE t2 AS SELECT api_key FROM users", "api_key", "CREATE ... AS"),
                use("CREATE VIEW v AS SELECT api_key AS k FROM users", "api_key", "CREATE ... AS"),
                use("COPY (SELECT api_key FROM users) TO STDOUT", "api_key", "COPY"),
                use("COPY users TO STDOUT", ColumnUse.ALL, "COPY ... TO"),
                use("SELECT (u).api_key FROM users u", "api_key", ClauseNames.SELECT_EXPRESSION),
                use("SELECT id FROM users WHERE /* x */ \"api_key\" -- y\n > 'a'", "api_key", "WHERE"),
                use("SELECT id FROM users WHERE U&\"api\\005fkey\" > 'a'", "api_key", "WHERE"),
                use("SELECT id FROM users WHERE API_Key > 'a'", "api_key", "WHERE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uses")
    void everyOtherMentionIsAUseAtItsClause(String sql, String column, String at) {
        // Given a statement that lets a column's value decide something, or sends it elsewhere
        ColumnUse use = columns(sql);

        // Then the column is recorded as used there
        assertThat(use.used()).containsEntry(column, at);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT u FROM users u",
            "SELECT to_jsonb(u) ->> 'api_key' FROM users u",
            "SELECT row_to_json(t) FROM (SELECT * FROM users) t",
            "SELECT ROW(u.*) FROM users u",
            "SELECT row_to_json(u.*) FROM users u",
            "SELECT u::text FROM users u",
            "SELECT users.*::text FROM users",
            "SELECT json_agg(users) FROM users",
            "SELECT count(u.*) FROM users u",
            "SELECT json_agg(*) FROM users",
            "SELECT u.to_jsonb FROM users u",
            "SELECT u.row_to_json FROM users u",
            "SELECT x.concat FROM (SELECT api_key FROM users) x",
            "WITH x AS (SELECT * FROM users) SELECT array_agg(x) FROM x",
            "SELECT id FROM users u WHERE u = ROW(1, 'pro', 'k')",
            "SELECT j.* FROM users u, LATERAL jsonb_each(to_jsonb(u)) j"})
    void aWholeRowIsRecognisedInAnyPosition(String sql) {
        assertThat(columns(sql).wholeRow()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT count(*) FROM users",
            "SELECT id, count(*) OVER () FROM users",
            "SELECT count(*) FILTER (WHERE plan = 'pro') FROM users",
            "SELECT id FROM users WHERE EXISTS (SELECT * FROM orders o WHERE o.user_id = users.id)",
            "SELECT id FROM users u WHERE NOT EXISTS (SELECT o.* FROM orders o WHERE o.user_id = u.id)",
            "SELECT n FROM generate_series(1, 3) n",
            "SELECT id FROM users WHERE id = $1"})
    void starsThatRevealNothingAreNoWholeRowNorAUse(String sql) {
        ColumnUse use = columns(sql);

        assertThat(use.wholeRow()).isNull();
        assertThat(use.used()).doesNotContainKey(ColumnUse.ALL);
    }

    @Test
    void renamesAreFollowedByAliasAndByPosition() {
        assertThat(columns("SELECT api_key AS k FROM users").renamed()).isEqualTo(Map.of("k", Set.of("api_key")));
        assertThat(columns("WITH x(i, k) AS (SELECT id, api_key FROM users) SELECT i FROM x WHERE k > 'a'").renamed())
                .isEqualTo(Map.of("i", Set.of("id"), "k", Set.of("api_key")));
        assertThat(columns("SELECT s.k FROM (SELECT id, api_key FROM users) s(i, k)").renamed())
                .containsEntry("k", Set.of("api_key"));
        assertThat(columns("SELECT k FROM users AS u(i, p, k) WHERE k > 'a'").renamed())
                .as("a table's column order is unknown here").containsEntry("k", Set.of(ColumnUse.ALL));
        assertThat(columns("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r")
                .renamed()).as("computed columns carry nothing by name").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET search_path = app", "BEGIN", "COMMIT", "SHOW search_path", "DROP TABLE t",
            "TRUNCATE t", "VACUUM users", "LOCK TABLE users", "EXECUTE p(1)", "CALL refresh(1)", "COPY users FROM STDIN",
            "GRANT SELECT ON users TO bob", "COMMENT ON COLUMN users.api_key IS 'secret'"})
    void statementsThatReadNoColumnValueMentionNone(String sql) {
        assertThat(columns(sql)).isEqualTo(ColumnUse.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE INDEX ON users (substr(api_key, 1, 1))",
            "ALTER TABLE users ADD CONSTRAINT c CHECK (api_key NOT LIKE 'ak_4%')",
            "ALTER TABLE users ALTER COLUMN plan TYPE int USING api_key::int",
            "CREATE POLICY p ON users USING (api_key LIKE 'a%')",
            "CREATE TABLE t2 AS EXECUTE p",
            "DO $$ BEGIN RAISE NOTICE '%', (SELECT api_key FROM users LIMIT 1); END $$"})
    void statementsReadFromTheirKeywordsHaveUnknownColumns(String sql) {
        SqlStatement statement = CLASSIFIER.classify(sql).statements().getFirst();

        assertThat(statement.parsed()).isTrue();
        assertThat(statement.columns()).isNull();
    }

    @Test
    void anUnparsedStatementHasUnknownColumns() {
        SqlStatement statement = CLASSIFIER.classify("SELECT (u).* FROM users u").statements().getFirst();

        assertThat(statement.parsed()).isFalse();
        assertThat(statement.columns()).isNull();
    }

    @Test
    void theColumnUseIsCachedWithTheClassification() {
        SqlClassifier classifier = new SqlClassifier();

        ColumnUse first = classifier.classify("SELECT id FROM users WHERE api_key = 'a'").statements().getFirst().columns();
        ColumnUse second = classifier.classify("SELECT id FROM users WHERE api_key = 'b'").statements().getFirst().columns();

        assertThat(second).isSameAs(first);
    }

    private static ColumnUse columns(String sql) {
        SqlStatement statement = CLASSIFIER.classify(sql).statements().getFirst();
        assertThat(statement.parsed()).as("parsed (error: %s)", statement.parseError()).isTrue();
        assertThat(statement.columns()).as("columns analysed").isNotNull();
        return statement.columns();
    }

    private static Arguments use(String sql, String column, String at) {
        return Arguments.of(sql, column, at);
    }
}
