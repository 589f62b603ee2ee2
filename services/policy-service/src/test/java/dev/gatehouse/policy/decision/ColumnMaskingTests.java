package dev.gatehouse.policy.decision;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Column masking holds against everything but a plain read: each statement below would reveal a masked
 * column (api_key, or any *_token) to a caller the rule allows, through a name the proxy cannot mask by,
 * an oracle, or a copy. Each must be denied naming the masking rule; plain reads stay allowed with the
 * masking directives intact, for the proxy to mask on the wire.
 */
class ColumnMaskingTests {

    static final String POLICY = """
            apiVersion: gatehouse.dev/v1
            onUnparsed: review
            connections:
              - {name: demo-db, type: postgres, upstream: "postgresql://db.internal:5432/demo"}
            rules:
              - id: db-reads
                description: CI reads; API keys and tokens never leave in clear
                connections: [demo-db]
                subject: {claims: {repository: "acme/*"}}
                match: {sql: {kinds: [select, show, explain, set, transaction, session]}}
                action: allow
                masking: {columns: [api_key, "*_token"], detectors: [secrets]}
              - id: db-writes
                connections: [demo-db]
                subject: {claims: {repository: "acme/*"}}
                match: {sql: {kinds: [insert, update, delete, merge, select, copy]}}
                action: allow
                priority: 200
                masking: {columns: [api_key, "*_token"]}
              - id: db-migrations
                connections: [demo-db]
                subject: {claims: {repository: "acme/*"}}
                match: {sql: {kinds: [create, alter]}}
                action: review
                masking: {columns: [api_key, "*_token"]}
              - id: ops-reads
                description: operators' reads mask no column
                connections: [demo-db]
                subject: {claims: {repository: "ops/*"}}
                match: {sql: {kinds: [select]}}
                action: allow
            """;

    private static final PolicyEvaluator EVALUATOR = TestPolicies.compile(POLICY);
    private static final CallerIdentity CI = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of("repository", "acme/app"));
    private static final CallerIdentity OPS = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:ops/tools:ref:refs/heads/main", Map.of("repository", "ops/tools"));

    static Stream<Arguments> dodges() {
        return Stream.of(
                // the and the brief's dodges
                refused("SELECT id FROM users WHERE api_key LIKE 'ak_4%'", "db-reads", "api_key", "WHERE"),
                refused("SELECT id FROM users ORDER BY api_key", "db-reads", "api_key", "ORDER BY"),
                refused("SELECT CAST(api_key AS int) FROM users", "db-reads", "api_key", "select list"),
                refused("SELECT lower(api_key) FROM users", "db-reads", "api_key", "select list"),
                refused("SELECT string_agg(api_key, ',') FROM users", "db-reads", "api_key", "select list"),
                refused("SELECT format('%s', api_key) FROM users", "db-reads", "api_key", "select list"),
                refused("INSERT INTO t2 SELECT api_key FROM users", "db-writes", "api_key", "INSERT"),
                refused("UPDATE users SET plan = 'pro' WHERE id = 1 RETURNING api_key", "db-writes", "api_key", "RETURNING"),
                refused("SELECT u FROM users u", "db-reads", "whole row", "(u)"),
                refused("SELECT to_jsonb(u) ->> 'api_key' FROM users u", "db-reads", "whole row", "(u)"),
                refused("SELECT row_to_json(t) FROM (SELECT * FROM users) t", "db-reads", "whole row", "(t)"),
                refused("SELECT ROW(u.*) FROM users u", "db-reads", "whole row", "u.*"),
                refused("SELECT u::text FROM users u", "db-reads", "whole row", "(u)"),
                refused("SELECT json_agg(users) FROM users", "db-reads", "whole row", "(users)"),
                // nested subqueries, CTEs, lateral joins, windows, DISTINCT ON
                refused("SELECT id FROM users WHERE id IN (SELECT id FROM (SELECT id, api_key FROM users) s "
                        + "WHERE s.api_key > 'ak_4')", "db-reads", "api_key", "WHERE"),
                refused("WITH x AS (SELECT id FROM users WHERE api_key >= 'ak_5') SELECT count(*) FROM x",
                        "db-reads", "api_key", "WHERE"),
                refused("WITH x AS (SELECT api_key AS k FROM users) SELECT count(*) FROM x WHERE k LIKE 'ak_4%'",
                        "db-reads", "column k, which carries a masked column", "WHERE"),
                refused("SELECT id FROM users u CROSS JOIN LATERAL (SELECT 1 WHERE u.api_key > 'ak_4') x",
                        "db-reads", "api_key", "WHERE"),
                refused("SELECT id, rank() OVER (ORDER BY api_key) FROM users", "db-reads", "api_key", "select list"),
                refused("SELECT id FROM users WINDOW w AS (PARTITION BY refresh_token)", "db-reads", "refresh_token",
                        "WINDOW"),
                refused("SELECT DISTINCT ON (api_key) id FROM users", "db-reads", "api_key", "DISTINCT ON"),
                // spellings of the same column
                refused("SELECT id FROM users WHERE \"api_key\" = 'ak_4x'", "db-reads", "api_key", "WHERE"),
                refused("SELECT id FROM users WHERE U&\"api\\005fkey\" = 'ak_4x'", "db-reads", "api_key", "WHERE"),
                refused("SELECT id FROM public.users WHERE public.users.api_key = 'ak_4x'", "db-reads", "api_key", "WHERE"),
                refused("SELECT id FROM users WHERE API_KEY = 'ak_4x'", "db-reads", "api_key", "WHERE"),
                refused("SELECT id FROM users WHERE Refresh_Token = 'rt'", "db-reads", "refresh_token", "WHERE"),
                refused("SELECT id FROM users WHERE session_token IS NULL", "db-reads", "session_token", "WHERE"),
                refused("SELECT id FROM users WHERE /* harmless */ api_key -- really\n LIKE 'ak_4%'", "db-reads",
                        "api_key", "WHERE"),
                // more of our own
                refused("SELECT id FROM users GROUP BY id HAVING max(api_key) > 'ak_4'", "db-reads", "api_key", "HAVING"),
                refused("SELECT count(*) FROM users GROUP BY api_key", "db-reads", "api_key", "GROUP BY"),
                refused("SELECT u.id FROM users u JOIN guesses g ON g.k = u.api_key", "db-reads", "api_key", "JOIN"),
                refused("SELECT id FROM users JOIN guesses USING (api_key)", "db-reads", "api_key", "JOIN ... USING"),
                refused("SELECT * FROM users NATURAL JOIN guesses", "db-reads", "*", "NATURAL JOIN"),
                refused("SELECT api_key FROM users UNION SELECT 'x'", "db-reads", "api_key", "UNION"),
                refused("SELECT id FROM users WHERE EXISTS (SELECT 1 WHERE api_key LIKE 'ak_4%')", "db-reads",
                        "api_key", "WHERE"),
                refused("SELECT (SELECT api_key FROM users LIMIT 1) AS k", "db-reads", "api_key", "select list"),
                refused("SELECT id, api_key FROM users ORDER BY 2", "db-reads", "api_key", "by position"),
                refused("SELECT api_key AS k FROM users ORDER BY k", "db-reads", "column k", "ORDER BY"),
                refused("SELECT k FROM users AS u(i, p, k) WHERE k > 'ak_4'", "db-reads", "column k", "WHERE"),
                refused("SELECT id FROM users LIMIT (SELECT length(api_key) FROM users LIMIT 1)", "db-reads",
                        "api_key", "LIMIT"),
                refused("SELECT count(*) FILTER (WHERE api_key > 'ak_4') FROM users", "db-reads", "api_key", "select list"),
                refused("SELECT CASE WHEN api_key > 'ak_4' THEN 1 END FROM users", "db-reads", "api_key", "select list"),
                refused("SELECT coalesce(api_key, '') FROM users", "db-reads", "api_key", "select list"),
                refused("SELECT u.to_jsonb FROM users u", "db-reads", "whole row", "u.to_jsonb"),
                refused("SELECT (u).api_key FROM users u", "db-reads", "whole row", "(u)"),
                refused("SELECT count(u.*) FROM users u", "db-reads", "whole row", "u.*"),
                refused("SELECT (api_key).upper FROM users", "db-reads", "api_key", "select list"),
                refused("WITH a AS (SELECT api_key AS k FROM users), b AS (SELECT k AS j FROM a) "
                        + "SELECT count(*) FROM b WHERE j > 'ak_4'", "db-reads", "column j", "WHERE"),
                refused("SELECT c FROM users, unnest(string_to_array(api_key, NULL)) AS c", "db-reads", "api_key", "FROM"),
                refused("EXPLAIN SELECT id FROM users WHERE api_key = 'ak_4sekret'", "db-reads", "api_key", "WHERE"),
                refused("SELECT 1 WHERE ROW(1, 'pro', 'ak_4x', 'rt') IN (TABLE users)", "db-reads", "could not be parsed",
                        "db-reads masks"),
                refused("SELECT histogram_bounds FROM pg_stats WHERE attname = 'id'", "db-reads", "pg_stats", "sampled"),
                refused("BEGIN; SELECT id FROM users WHERE api_key LIKE 'a%'; COMMIT", "db-reads", "statement 2: ",
                        "WHERE"),
                // writes elsewhere and what a write returns
                refused("INSERT INTO t2 VALUES ((SELECT api_key FROM users LIMIT 1))", "db-writes", "api_key", "INSERT"),
                refused("INSERT INTO t2 SELECT * FROM users", "db-writes", "*", "INSERT"),
                refused("INSERT INTO t2 TABLE users", "db-writes", "could not be parsed", "db-writes masks"),
                refused("UPDATE t2 SET k = (SELECT api_key FROM users WHERE users.id = t2.id) WHERE id = 1",
                        "db-writes", "api_key", "SET"),
                refused("DELETE FROM users WHERE id = 1 RETURNING *", "db-writes", "*", "RETURNING"),
                refused("MERGE INTO t2 USING users u ON t2.id = u.id WHEN MATCHED THEN UPDATE SET k = u.api_key",
                        "db-writes", "api_key", "MERGE"),
                refused("INSERT INTO users (id, api_key) VALUES (9, 'ak_4x') ON CONFLICT (api_key) DO NOTHING RETURNING id",
                        "db-writes", "api_key", "ON CONFLICT"),
                refused("WITH d AS (UPDATE users SET plan = plan WHERE id = 1 RETURNING api_key) SELECT * FROM d",
                        "db-writes", "api_key", "data-modifying WITH"),
                refused("COPY (SELECT api_key FROM users) TO STDOUT", "db-writes", "api_key", "COPY"),
                refused("COPY users TO STDOUT", "db-writes", "*", "COPY"),
                refused("SELECT api_key INTO t2 FROM users", "db-migrations", "api_key", "SELECT ... INTO"),
                refused("CREATE TABLE t2 AS SELECT api_key FROM users", "db-migrations", "api_key", "CREATE ... AS"),
                refused("CREATE TABLE t2 AS TABLE users", "db-migrations", "*", "CREATE ... AS"),
                // what cannot be analysed is not sent to review under column masking
                refused("CREATE UNIQUE INDEX ON users (substr(api_key, 1, 1))", "db-migrations", "could not be analysed",
                        "db-migrations masks"),
                refused("ALTER TABLE users ADD CONSTRAINT c CHECK (api_key NOT LIKE 'ak_4%')", "db-migrations",
                        "could not be analysed", "db-migrations masks"),
                refused("SELECT (u).* FROM users u", "db-reads", "could not be parsed", "an approval would run it unmasked"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dodges")
    void aMaskedColumnUsedOtherThanAsAPlainReadIsDeniedNamingTheMaskingRule(String sql, String ruleId, String what,
                                                                          String where) {
        // Given a caller whose rules allow (or review) the statement but mask api_key and *_token
        // When the statement is decided
        Decision decision = decide(CI, sql);

        // Then it is denied, naming the masking rule, the column and where it is used
        assertThat(decision.verdict()).as(decision.reason()).isEqualTo(Verdict.DENY);
        assertThat(decision.ruleId()).isEqualTo(ruleId);
        assertThat(decision.reason()).contains(what).contains(where);
        assertThat(decision.target()).as("a denial names no upstream to forward to").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT id, plan, api_key FROM users",
            "SELECT api_key AS k FROM users",
            "SELECT * FROM users",
            "SELECT count(*) FROM users",
            "SELECT id, count(*) OVER (), count(*) FILTER (WHERE plan = 'pro') OVER () FROM users",
            "WITH x AS (SELECT api_key AS k FROM users) SELECT k FROM x",
            "SELECT u.id, u.api_key, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > 10",
            "SELECT api_key, refresh_token FROM users WHERE id = $1 AND plan = 'pro'",
            "SELECT s.k FROM (SELECT api_key AS k FROM users WHERE plan = 'pro') s",
            "SELECT x.k FROM users u CROSS JOIN LATERAL (SELECT u.api_key AS k) x",
            "SELECT u.* FROM users u WHERE EXISTS (SELECT * FROM orders o WHERE o.user_id = u.id)",
            "TABLE users",
            "SELECT id FROM users ORDER BY id DESC LIMIT 10",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r",
            "EXPLAIN SELECT api_key FROM users",
            "BEGIN; SELECT api_key FROM users WHERE id = 1; COMMIT",
            "SET application_name = 'ci'",
            "SHOW search_path"})
    void plainReadsStayAllowedWithTheirMasking(String sql) {
        Decision decision = decide(CI, sql);

        assertThat(decision.verdict()).as(decision.reason()).isEqualTo(Verdict.ALLOW);
        assertThat(decision.ruleId()).isEqualTo("db-reads");
        assertThat(decision.masking().columns()).containsExactly("api_key", "*_token");
    }

    @Test
    void writesThatTouchNoMaskedValueStayAllowed() {
        assertThat(decide(CI, "UPDATE users SET api_key = $1 WHERE id = $2").verdict())
                .as("writing a new key reads none").isEqualTo(Verdict.ALLOW);
        assertThat(decide(CI, "INSERT INTO t2 SELECT id, plan FROM users WHERE plan = 'pro'").verdict())
                .isEqualTo(Verdict.ALLOW);
        assertThat(decide(CI, "DELETE FROM sessions WHERE user_id = 1 RETURNING id").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aRuleWithoutColumnMaskingKeepsItsDecisions() {
        assertThat(decide(OPS, "SELECT id FROM users WHERE api_key LIKE 'ak_4%'").verdict()).isEqualTo(Verdict.ALLOW);

        Decision unparsed = decide(OPS, "SELECT (u).* FROM users u");
        assertThat(unparsed.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(unparsed.ruleId()).isEqualTo("on-unparsed");
    }

    @Test
    void onUnparsedDenyStaysTheDecidingRule() {
        PolicyEvaluator strict = TestPolicies.compile(POLICY.replace("onUnparsed: review", "onUnparsed: deny"));

        Decision decision = strict.decide(new DecisionRequest(CI, Operation.sql("demo-db", "SELECT (u).* FROM users u")));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.ruleId()).isEqualTo("on-unparsed");
    }

    @Test
    void explainShowsTheMaskingRuleTheColumnAndWhere() {
        Explanation explanation = EVALUATOR.explain(new DecisionRequest(CI,
                Operation.sql("demo-db", "SELECT id FROM users WHERE api_key LIKE 'ak_4%'")));

        Explanation.UnitTrace unit = explanation.units().getFirst();
        assertThat(unit.verdict()).isEqualTo(Verdict.DENY);
        assertThat(unit.ruleId()).isEqualTo("db-reads");
        assertThat(unit.reason()).isEqualTo("column api_key is masked by rule db-reads and is used in WHERE: "
                + MaskedColumns.RULE);
        assertThat(unit.understood()).containsEntry("columns", Map.of("read", java.util.List.of("id"),
                "used", Map.of("api_key", "WHERE")));
        Explanation.RuleTrace rule = unit.rules().stream().filter(trace -> trace.ruleId().equals("db-reads"))
                .findFirst().orElseThrow();
        assertThat(rule.matched()).isTrue();
        assertThat(rule.reason()).startsWith("matched, but its column masking denies the statement: column api_key");
        assertThat(explanation.decision().ruleId()).isEqualTo("db-reads");
    }

    private static Decision decide(CallerIdentity caller, String sql) {
        return EVALUATOR.decide(new DecisionRequest(caller, Operation.sql("demo-db", sql)));
    }

    private static Arguments refused(String sql, String ruleId, String what, String where) {
        return Arguments.of(sql, ruleId, what, where);
    }
}
