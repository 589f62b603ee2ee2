package dev.gatehouse.proxy.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema, secrets and statements of {@link MaskingLineageIT}: ways to read a masked column
 * ({@code api_key}, {@code *_token}) under another name or inside an expression, and the check that no
 * secret shows in any form a client could print (as is, upper/lower case, reversed, hex, base64).
 */
final class MaskingDodges {

    static final String MASKING = "{\"columns\":[\"api_key\",\"*_token\"]}";
    static final List<String> SECRETS = List.of("ak_live_Q7wX2mZ9pL4kR8vN", "ak_live_B5cT0yU6iO3eW1sD",
            "rt_Hx3Jd81LqPz0WwYt", "rt_Mn4Vb72KsYa9EeUi");

    static final String SCHEMA = """
            DROP MATERIALIZED VIEW IF EXISTS lin_mkeys;
            DROP VIEW IF EXISTS lin_on_keys, lin_keys, lin_pub, lin_whole;
            DROP TABLE IF EXISTS lin_users, lin_notes;
            CREATE TABLE lin_users (id bigint PRIMARY KEY, email text, plan text, api_key text, refresh_token text);
            CREATE UNIQUE INDEX lin_users_key ON lin_users (api_key);
            INSERT INTO lin_users VALUES (1, 'ada@example.com', 'pro', '%s', '%s'),
                                         (2, 'grace@example.com', 'free', '%s', '%s');
            CREATE TABLE lin_notes (id serial PRIMARY KEY, note text);
            CREATE VIEW lin_keys AS SELECT id, api_key AS k FROM lin_users;
            CREATE VIEW lin_on_keys AS SELECT k AS kk FROM lin_keys;
            CREATE VIEW lin_pub AS SELECT id, plan FROM lin_users;
            CREATE VIEW lin_whole AS SELECT to_jsonb(u) AS j FROM lin_users u;
            CREATE MATERIALIZED VIEW lin_mkeys AS SELECT id, refresh_token AS t FROM lin_users;
            """.formatted(SECRETS.get(0), SECRETS.get(2), SECRETS.get(1), SECRETS.get(3));

    /** The dodges the issue lists: each returned the keys in clear when masking went by output name. */
    static final List<String> ISSUE = List.of(
            "SELECT api_key AS k FROM lin_users",
            "SELECT lower(api_key) FROM lin_users",
            "SELECT string_agg(api_key, ',') FROM lin_users",
            "SELECT u FROM lin_users u",
            "SELECT to_jsonb(u) ->> 'api_key' FROM lin_users u",
            "SELECT k FROM (SELECT api_key AS k FROM lin_users) s",
            "WITH c AS (SELECT api_key AS k FROM lin_users) SELECT k FROM c",
            "SELECT format('%s', api_key) FROM lin_users");

    /** More of them: set operations, VALUES, views, renames by position, whole rows, functions, casts. */
    static final List<String> MORE = List.of(
            "SELECT z FROM (SELECT y AS z FROM (SELECT api_key AS y FROM lin_users) a) b",
            "WITH RECURSIVE r(k) AS (SELECT api_key FROM lin_users UNION SELECT k FROM r WHERE false) SELECT k FROM r",
            "SELECT api_key FROM lin_users UNION SELECT plan FROM lin_users",
            "SELECT refresh_token FROM lin_users INTERSECT SELECT refresh_token FROM lin_users",
            "SELECT v.x, u.api_key AS a FROM (VALUES (1), (2)) v(x) JOIN lin_users u ON u.id = v.x",
            "SELECT * FROM (VALUES ((SELECT api_key FROM lin_users WHERE id = 1))) v(k)",
            "SELECT (SELECT api_key FROM lin_users WHERE id = 1) AS scalar",
            "SELECT (u).* FROM lin_users u",
            "TABLE lin_users",
            "SELECT d, e FROM lin_users AS x(a, b, c, d, e)",
            "SELECT lower(d) || '' FROM lin_users x(a, b, c, d, e)",
            "SELECT lower(d) FROM (TABLE lin_users) s(a, b, c, d, e)",
            "WITH c(a, b, p, d) AS (SELECT * FROM lin_users) SELECT upper(d) FROM c",
            "SELECT ROW(api_key) FROM lin_users",
            "SELECT ROW(u.*)::text FROM lin_users u",
            "SELECT u::text FROM lin_users u",
            "SELECT array_agg(api_key) FROM lin_users",
            "SELECT json_agg(u) FROM lin_users u",
            "SELECT row_to_json(u) FROM lin_users u",
            "SELECT value FROM lin_users u, jsonb_each_text(to_jsonb(u))",
            "SELECT (jsonb_populate_record(null::lin_users, to_jsonb(u))).api_key AS x FROM lin_users u",
            "SELECT concat('k=', api_key), concat_ws(',', refresh_token, plan) FROM lin_users",
            "SELECT api_key::varchar(100), CAST(refresh_token AS bytea) FROM lin_users",
            "SELECT encode(convert_to(api_key, 'UTF8'), 'base64'), encode(convert_to(api_key, 'UTF8'), 'hex') FROM lin_users",
            "SELECT COALESCE(api_key, 'none'), NULLIF(refresh_token, '') FROM lin_users",
            "SELECT CASE WHEN id > 0 THEN api_key ELSE plan END FROM lin_users",
            "SELECT upper(api_key), reverse(api_key), substr(api_key, 9), replace(api_key, '_', '-') FROM lin_users",
            "SELECT api_key COLLATE \"C\" FROM lin_users",
            "SELECT \"API_KEY\" FROM (SELECT api_key AS \"API_KEY\" FROM lin_users) q",
            "SELECT U&\"api\\005fkey\" AS x FROM lin_users",
            "SELECT k FROM lin_keys",
            "SELECT lower(k) FROM lin_keys",
            "SELECT kk FROM lin_on_keys",
            "SELECT j FROM lin_whole",
            "SELECT t, lower(t) FROM lin_mkeys",
            "SELECT id, t FROM lin_users x(id, e, p, k, t) ORDER BY 1",
            "SELECT lower(api_key) AS current_user, upper(refresh_token) \"session_user\" FROM lin_users");

    /** Statements that modify rows; run in a transaction that is rolled back. */
    static final List<String> WRITES = List.of(
            "UPDATE lin_users SET plan = plan WHERE id = 1 RETURNING api_key AS k, lower(refresh_token)",
            "UPDATE lin_users SET plan = api_key WHERE id = 1 RETURNING plan, id",
            "INSERT INTO lin_notes (note) SELECT api_key FROM lin_users RETURNING note",
            "WITH x AS (SELECT refresh_token FROM lin_users) INSERT INTO lin_notes (note) SELECT * FROM x RETURNING *",
            "DELETE FROM lin_users WHERE id = 2 RETURNING *");

    /** Each quotes the value in its error text (detail) unless the text is withheld. */
    static final List<String> ERRORS = List.of(
            "SELECT api_key::int FROM lin_users",
            "SELECT (to_jsonb(u) ->> 'api_key')::int FROM lin_users u",
            "SELECT lower(d)::numeric FROM lin_users x(a, b, c, d)",
            "SELECT k::int FROM lin_keys",
            "INSERT INTO lin_users (id, api_key) SELECT id + 100, api_key FROM lin_users",
            "UPDATE lin_users SET api_key = (SELECT api_key FROM lin_users WHERE id = 2) WHERE id = 1",
            "DO $$ BEGIN RAISE NOTICE 'key %', (SELECT api_key FROM lin_users WHERE id = 1); END $$",
            "DO $$ BEGIN RAISE EXCEPTION 'key %', (SELECT refresh_token FROM lin_users WHERE id = 1); END $$");

    private MaskingDodges() {
    }

    static List<String> reads() {
        List<String> all = new ArrayList<>(ISSUE);
        all.addAll(MORE);
        return all;
    }

    /** Fails when any secret appears in {@code output} in any form a client could decode. */
    static void assertNoSecret(String output) {
        String folded = output.toLowerCase(Locale.ROOT);
        for (String secret : SECRETS) {
            String core = secret.substring(secret.length() - 12);
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            for (String form : List.of(secret, core, new StringBuilder(core).reverse().toString(),
                    HexFormat.of().formatHex(bytes), Base64.getEncoder().encodeToString(bytes))) {
                assertThat(folded).as("a form of a secret (%s) in the client's output", form)
                        .doesNotContain(form.toLowerCase(Locale.ROOT));
            }
        }
    }
}
