package dev.gatehouse.policy.sql;

import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGResultSetMetaData;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks against a real PostgreSQL 17 the split column masking relies on. What the analysis takes for
 * plain reads returns every masked value in a column PostgreSQL attributes to its source (the
 * RowDescription's table OID and attribute number, as pgjdbc resolves them), where the proxy masks it
 * whatever the output name. What it refuses really reveals a masked value: in a column PostgreSQL
 * attributes to nothing, or in an error message. So a refusal is needed, and a plain read is safe.
 */
class ColumnLineageIT {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();
    private static final Set<String> MASKED = Set.of("api_key", "refresh_token");
    private static final List<String> SECRETS = List.of("ak_4sekret", "ak_9zzkey", "rt_1secret", "rt_2secret");
    private static Connection connection;

    @BeforeAll
    static void connect() throws SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        connection = DriverManager.getConnection(postgres.createDatabase("column_lineage_it"), postgres.username(),
                postgres.password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE users (id int PRIMARY KEY, plan text, api_key text, refresh_token text)");
            statement.execute("INSERT INTO users VALUES (1, 'pro', 'ak_4sekret', 'rt_1secret'), "
                    + "(2, 'free', 'ak_9zzkey', 'rt_2secret')");
            statement.execute("CREATE TABLE orders (id int, user_id int, total int)");
            statement.execute("INSERT INTO orders VALUES (10, 1, 50), (11, 2, 5)");
        }
    }

    @AfterAll
    static void disconnect() throws SQLException {
        connection.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT id, plan, api_key FROM users",
            "SELECT api_key AS k FROM users",
            "SELECT * FROM users",
            "TABLE users",
            "(SELECT api_key AS \"plan\" FROM users)",
            "WITH x AS (SELECT api_key AS k FROM users) SELECT k FROM x",
            "WITH x(i, k) AS (SELECT id, refresh_token FROM users) SELECT k AS t FROM x WHERE i = 1",
            "SELECT s.k FROM (SELECT api_key AS k FROM users WHERE plan = 'pro') s",
            "SELECT x.k FROM users u CROSS JOIN LATERAL (SELECT u.api_key AS k) x",
            "SELECT k FROM users AS u(i, p, k)",
            "SELECT u.*, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > 1"})
    void aPlainReadReturnsMaskedValuesOnlyInColumnsAttributedToTheirSource(String sql) throws SQLException {
        // Given a statement the analysis reads as plain reads only
        ColumnUse use = CLASSIFIER.classify(sql).statements().getFirst().columns();
        assertThat(use.wholeRow()).isNull();
        assertThat(use.used()).doesNotContainKeys("api_key", "refresh_token", ColumnUse.ALL);

        // When PostgreSQL runs it
        List<Leak> secrets = run(sql);

        // Then every column carrying a secret is attributed to a masked column, where the proxy masks it
        assertThat(secrets).as("the statement does return secrets for the proxy to mask").isNotEmpty();
        for (Leak leak : secrets) {
            assertThat(leak.attributedTo()).as("a secret in column %s", leak.column())
                    .isIn("users.api_key", "users.refresh_token");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT lower(api_key) AS k FROM users",
            "SELECT string_agg(api_key, ',') FROM users",
            "SELECT format('%s', refresh_token) FROM users",
            "SELECT u FROM users u",
            "SELECT to_jsonb(u) ->> 'api_key' FROM users u",
            "SELECT row_to_json(t) FROM (SELECT * FROM users) t",
            "SELECT ROW(u.*) FROM users u",
            "SELECT u::text FROM users u",
            "SELECT json_agg(users) FROM users",
            "SELECT u.to_jsonb FROM users u",
            "SELECT api_key FROM users UNION SELECT 'x'",
            "SELECT (SELECT api_key FROM users ORDER BY id LIMIT 1) AS k",
            "SELECT CASE WHEN id > 0 THEN api_key END AS k FROM users",
            "SELECT CAST(api_key AS int) FROM users"})
    void aRefusedStatementRevealsAMaskedValueWhereTheWireCannotAttributeIt(String sql) throws SQLException {
        // Given a statement the analysis refuses under masking of api_key and refresh_token
        ColumnUse use = CLASSIFIER.classify(sql).statements().getFirst().columns();
        boolean refused = use.wholeRow() != null || use.used().keySet().stream().anyMatch(MASKED::contains);
        assertThat(refused).as("refused: %s", use).isTrue();

        // When PostgreSQL runs it / Then a secret comes back unattributed, or in the error text
        List<Leak> leaks = run(sql);
        assertThat(leaks).as("a secret reached the client where lineage cannot mask it")
                .anyMatch(leak -> !leak.attributedTo().equals("users.api_key")
                        && !leak.attributedTo().equals("users.refresh_token"));
    }

    /** Where a secret came back (never which secret, so no test output shows one): column and its source. */
    record Leak(String column, String attributedTo) {
    }

    private static List<Leak> run(String sql) throws SQLException {
        List<Leak> leaks = new ArrayList<>();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            PGResultSetMetaData meta = (PGResultSetMetaData) rows.getMetaData();
            while (rows.next()) {
                for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                    String value = rows.getString(c);
                    if (value != null && SECRETS.stream().anyMatch(value::contains)) {
                        leaks.add(new Leak(rows.getMetaData().getColumnLabel(c),
                                meta.getBaseTableName(c) + "." + meta.getBaseColumnName(c)));
                    }
                }
            }
        } catch (SQLException e) {
            if (SECRETS.stream().anyMatch(String.valueOf(e.getMessage())::contains)) {
                leaks.add(new Leak("error message", "nothing"));
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        return leaks;
    }
}
