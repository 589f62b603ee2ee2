package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.proxy.masking.MaskingPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The statement's text, for what RowDescription cannot attribute: does it (maybe) read a masked column? */
class StatementReadingTests {

    private static final MaskingPlan PLAN = DemoCatalog.plan();
    private static final MaskedSources SOURCES = DemoCatalog.catalog().masked(PLAN);

    private static StatementReading read(String sql) {
        return StatementReading.of(sql, PLAN, SOURCES);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT api_key AS k FROM users",
            "SELECT lower(api_key) FROM users",
            "SELECT string_agg(api_key, ',') FROM users",
            "SELECT format('%s', api_key) FROM users",
            "SELECT refresh_token || '' FROM users",
            "SELECT \"API_KEY\" FROM users",
            "SELECT U&\"api\\005fkey\" FROM users",
            "SELECT lower(u.api_key) FROM users u",
            "SELECT lower((u).api_key) FROM users u",
            "SELECT to_jsonb(u) ->> 'api_key' FROM users u",
            "SELECT to_jsonb(u) ->> ('api' || '_key') FROM users u",
            "SELECT jsonb_path_query(to_jsonb(u), '$.api_key') FROM users AS u",
            "SELECT u::text FROM users u",
            "SELECT row_to_json(users) FROM users",
            "SELECT json_agg(u) FROM users u",
            "SELECT ROW(u.*)::text FROM users u",
            "SELECT substring(u::text from 10) FROM users u",
            "SELECT trim(both from u::text) FROM users u",
            "SELECT (SELECT u FROM users u LIMIT 1)::text",
            "SELECT value FROM users u, jsonb_each_text(to_jsonb(u))",
            "SELECT * FROM ROWS FROM (jsonb_each_text((SELECT to_jsonb(u) FROM users u LIMIT 1)))",
            "SELECT (jsonb_populate_record(null::users, '{}')).id",
            "SELECT lower(c) FROM users AS x(a, b, c)",
            "SELECT lower(d) FROM users x(a, b, c, d)",
            "SELECT lower(d) FROM users \"over\"(a, b, c, d)",
            "SELECT lower(d) FROM users * x(a, b, c, d)",
            "SELECT lower(d) FROM public.users AS values(a, b, c, d)",
            "WITH c(a, b, p, d) AS (SELECT * FROM users) SELECT lower(d) FROM c",
            "WITH c(a, b, p, d) AS (TABLE users) SELECT lower(d) FROM c",
            "WITH c AS MATERIALIZED (SELECT * FROM users) SELECT to_jsonb(c) FROM c",
            "WITH c AS (SELECT id, plan FROM users) SELECT x::text FROM c x",
            "SELECT lower(s.d) FROM (SELECT * FROM users) s(a, b, c, d)",
            "SELECT to_jsonb(s) FROM (SELECT id FROM users) AS s",
            "SELECT lower(k) FROM v_keys",
            "SELECT lower(kk) FROM v_on_v",
            "SELECT j::text FROM v_whole",
            "SELECT 1 FROM users u WHERE to_jsonb(u) IS NOT NULL",
            "SELECT count(*) FROM users WHERE api_key LIKE 'ak_4%'",
            "SELECT lower(x) FROM (VALUES ('a')) v(x) JOIN users ON true WHERE users IS NOT NULL",
            "DO $$ BEGIN RAISE NOTICE '%', 1; END $$",
            "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$",
            "SELECT lower(d) FROM users x(a,b,c,d) WHERE id = 1;",
            "SELECT 1; SELECT u::text FROM users u",
            "SELECT 'csv:' || x FROM users, LATERAL (SELECT users::text) AS t(x)",
    })
    void aStatementThatMayCarryAMaskedColumnWithoutRowDescriptionSayingSoMentionsIt(String sql) {
        assertThat(read(sql).mentions()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT id, plan FROM users",
            "SELECT count(*) FROM users",
            "SELECT count(*) FROM users u WHERE u.plan = 'pro'",
            "SELECT plan, count(*) FROM users GROUP BY plan ORDER BY 2 DESC",
            "SELECT plan, count(*) FROM users GROUP BY ROLLUP (plan)",
            "SELECT count(*) FROM users u JOIN orders o ON o.user_id = u.id",
            "SELECT id * 2, id*3 FROM users",
            "SELECT count(*) FILTER (WHERE plan = 'pro') FROM users",
            "SELECT count(*) OVER (PARTITION BY plan) FROM users",
            "SELECT lower(plan) AS p FROM users ORDER BY p",
            "SELECT count(*) FROM users WHERE id IN (1, 2)",
            "SELECT CAST(id AS numeric(10, 2)) FROM users",
            "SELECT id FROM users WHERE plan IS DISTINCT FROM 'x'",
            "SELECT max(plan), min(email) FROM users",
            "UPDATE users SET plan = 'x' WHERE id = 1 RETURNING id",
            "INSERT INTO users VALUES (3, 'a', 'b', 'c', 'd')",
            "SELECT * FROM orders",
            "SELECT lower(id::text) FROM v_pub",
            "SELECT to_jsonb(o) FROM orders o",
            "SELECT extract(epoch from now()) FROM users",
    })
    void aPlainStatementDoesNotMentionAMaskedColumn(String sql) {
        assertThat(read(sql).mentions()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DECLARE c CURSOR WITH HOLD FOR SELECT lower(api_key) FROM users",
            "PREPARE p AS SELECT lower(api_key) FROM users",
            "CREATE TEMP TABLE t AS SELECT * FROM users",
            "SELECT lower(api_key) INTO TEMP t FROM users",
            "SELECT set_config('application_name', api_key, false) FROM users",
            "SELECT pg_notify('c', api_key) FROM users",
            "CREATE VIEW v AS SELECT api_key AS k FROM users",
            "DO $$ BEGIN PERFORM 1; END $$",
            "UPDATE users SET plan = api_key WHERE id = 1",
            "INSERT INTO orders (id, user_id, amount) SELECT id, id, length(refresh_token) FROM users",
            "ALTER TABLE users ALTER plan TYPE text USING api_key",
    })
    void aStatementThatKeepsAMaskedColumnForLaterDefers(String sql) {
        assertThat(read(sql).defers()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT lower(api_key) FROM users",
            "INSERT INTO users (id, api_key) VALUES (1, 'x')",
            "UPDATE users SET api_key = 'new' WHERE id = 1",
            "DECLARE c CURSOR FOR SELECT id FROM users",
            "CREATE TABLE t (id int, api_key text)",
            "INSERT INTO users AS u (id, api_key) VALUES (1, 'x') ON CONFLICT (api_key) DO UPDATE SET api_key = excluded.api_key",
    })
    void aReadOrAWriteIntoAnExistingTableDoesNotDefer(String sql) {
        assertThat(read(sql).defers()).as(sql).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theOutputNamesAStatementGivesAreKnown() {
        assertThat(read("SELECT api_key AS a, refresh_token b, (api_key) c, id FROM users x(i, e, p, k, t)").renamed())
                .contains("a", "b", "c", "i", "k", "t").doesNotContain("id", "api_key");
        assertThat(read("SELECT id, plan, api_key FROM users ORDER BY plan").renamed()).doesNotContain("plan", "id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 'it''s', lower(api_key) FROM users", "SELECT 'a\\', lower(api_key), '' FROM users"})
    void stringsThatEndElsewhereWithoutStandardConformingStringsAreReadBothWays(String sql) {
        assertThat(read(sql).mentions()).isTrue();
    }
}
